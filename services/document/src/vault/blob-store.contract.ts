import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { BlobExistsError, BlobNotFoundError, type BlobStore } from './blob-store';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function chunked(chunks: Buffer[]): Readable {
  return Readable.from(chunks);
}

/**
 * What every BlobStore implementation must do: the same tests run against each one (local disk in
 * `local-disk.blob-store.spec.ts`; an S3-compatible store would call this too).
 */
export function blobStoreContract(name: string, makeStore: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('gives back exactly the bytes it was given, written in many chunks', async () => {
      const chunks = Array.from({ length: 40 }, (_, index) => randomBytes(16 * 1024 + index));
      const key = `firm-a/${randomBytes(8).toString('hex')}`;
      expect(await store.put(key, chunked(chunks))).toEqual({
        sizeBytes: chunks.reduce((sum, chunk) => sum + chunk.length, 0),
      });
      const stored = await readAll(await store.get(key));
      expect(createHash('sha256').update(stored).digest('hex')).toBe(
        createHash('sha256').update(Buffer.concat(chunks)).digest('hex'),
      );
      expect(await store.has(key)).toBe(true);
    });

    it('answers BlobNotFoundError for a key never written', async () => {
      await expect(store.get('firm-a/never-written')).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await store.has('firm-a/never-written')).toBe(false);
    });

    it('never overwrites a blob: a second put under the key is refused and the first stays', async () => {
      const key = `firm-a/${randomBytes(8).toString('hex')}`;
      await store.put(key, chunked([Buffer.from('first')]));
      await expect(store.put(key, chunked([Buffer.from('second')]))).rejects.toBeInstanceOf(BlobExistsError);
      expect((await readAll(await store.get(key))).toString()).toBe('first');
    });

    it('leaves nothing behind when the source fails half way', async () => {
      const key = `firm-a/${randomBytes(8).toString('hex')}`;
      const failing = new Readable({
        read() {
          this.push(randomBytes(64 * 1024));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(store.put(key, failing)).rejects.toThrow('client went away');
      expect(await store.has(key)).toBe(false);
      await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('deletes a blob, and deleting it again is not an error', async () => {
      const key = `firm-a/${randomBytes(8).toString('hex')}`;
      await store.put(key, chunked([Buffer.from('to be destroyed')]));
      await store.delete(key);
      expect(await store.has(key)).toBe(false);
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it('refuses keys that could name something outside the store', async () => {
      for (const key of ['../escape', 'firm-a/../../etc/passwd', '/absolute', 'firm-a//double', ''])
        await expect(store.put(key, chunked([Buffer.from('x')]))).rejects.toThrow('Invalid blob key');
    });
  });
}
