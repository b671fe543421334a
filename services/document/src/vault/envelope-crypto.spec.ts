import { randomBytes, randomUUID } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ContentMeter,
  ContentTooLargeError,
  ContentVerifier,
  contentCipher,
  contentDecipher,
  IntegrityError,
  newIv,
  newKey,
  unwrapKey,
  wrapKey,
} from './envelope-crypto';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function encrypt(plaintext: Buffer, dataKey: Buffer, iv: Buffer, versionId: string) {
  const meter = new ContentMeter(Number.MAX_SAFE_INTEGER, 16);
  const cipher = contentCipher(dataKey, iv, versionId);
  const sink = new PassThrough();
  const [ciphertext] = await Promise.all([
    collect(sink),
    pipeline(Readable.from([plaintext]), meter, cipher, sink),
  ]);
  return { ciphertext, tag: cipher.getAuthTag(), sha256: meter.digest(), sizeBytes: meter.sizeBytes };
}

async function decrypt(
  ciphertext: Buffer,
  keys: { dataKey: Buffer; iv: Buffer; tag: Buffer; versionId: string },
  expected: { sha256: string; sizeBytes: number },
): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from([ciphertext]),
    contentDecipher(keys.dataKey, keys.iv, keys.tag, keys.versionId),
    new ContentVerifier(expected.sha256, expected.sizeBytes),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

describe('envelope encryption', () => {
  it('round-trips content and never stores it in the clear', async () => {
    const plaintext = Buffer.from('Privileged and confidential: settlement authority is $2.5M. '.repeat(100));
    const dataKey = newKey();
    const iv = newIv();
    const versionId = randomUUID();
    const sealed = await encrypt(plaintext, dataKey, iv, versionId);
    expect(sealed.ciphertext.includes(Buffer.from('settlement authority'))).toBe(false);
    expect(sealed.sizeBytes).toBe(plaintext.length);
    const opened = await decrypt(sealed.ciphertext, { dataKey, iv, tag: sealed.tag, versionId }, sealed);
    expect(opened.equals(plaintext)).toBe(true);
  });

  it('refuses content with one flipped bit, or opened as another version', async () => {
    const dataKey = newKey();
    const iv = newIv();
    const versionId = randomUUID();
    const sealed = await encrypt(randomBytes(10_000), dataKey, iv, versionId);
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[5_000] = (tampered[5_000] as number) ^ 0x01;
    await expect(decrypt(tampered, { dataKey, iv, tag: sealed.tag, versionId }, sealed)).rejects.toThrow(
      'Unsupported state or unable to authenticate data',
    );
    await expect(
      decrypt(sealed.ciphertext, { dataKey, iv, tag: sealed.tag, versionId: randomUUID() }, sealed),
    ).rejects.toThrow('unable to authenticate');
  });

  it('refuses content whose hash is not the recorded one even when the tag holds', async () => {
    const dataKey = newKey();
    const iv = newIv();
    const versionId = randomUUID();
    const sealed = await encrypt(Buffer.from('original'), dataKey, iv, versionId);
    await expect(
      decrypt(
        sealed.ciphertext,
        { dataKey, iv, tag: sealed.tag, versionId },
        { ...sealed, sha256: '0'.repeat(64) },
      ),
    ).rejects.toBeInstanceOf(IntegrityError);
  });

  it('wraps a key so that only the right wrapping key and binding open it', () => {
    const firmKey = newKey();
    const dataKey = newKey();
    const wrapped = wrapKey(firmKey, dataKey, 'firm-1:version-1');
    expect(unwrapKey(firmKey, wrapped, 'firm-1:version-1').equals(dataKey)).toBe(true);
    expect(() => unwrapKey(newKey(), wrapped, 'firm-1:version-1')).toThrow();
    expect(() => unwrapKey(firmKey, wrapped, 'firm-1:version-2')).toThrow();
  });

  it('stops metering past the limit', async () => {
    const meter = new ContentMeter(1_000, 16);
    await expect(
      pipeline(Readable.from([randomBytes(600), randomBytes(600)]), meter, new PassThrough().resume()),
    ).rejects.toBeInstanceOf(ContentTooLargeError);
  });
});
