import { createCipheriv, createDecipheriv, createHash, randomBytes, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Envelope encryption, all AES-256-GCM: each document version's content is encrypted, as a stream,
 * with its own random data key; the data key is wrapped by the firm's key; the firm's key by the
 * master key. Every wrap binds what it belongs to as additional data, so a wrapped key or a blob
 * moved onto another row does not open.
 */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function newIv(): Buffer {
  return randomBytes(IV_BYTES);
}

/** `key` encrypted under `wrappingKey`: iv ‖ tag ‖ ciphertext. */
export function wrapKey(wrappingKey: Buffer, key: Buffer, boundTo: string): Buffer {
  const iv = newIv();
  const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv).setAAD(Buffer.from(boundTo));
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens a wrapped key; throws when the wrapping key, the binding or the bytes are wrong. */
export function unwrapKey(wrappingKey: Buffer, wrapped: Buffer, boundTo: string): Buffer {
  const iv = wrapped.subarray(0, IV_BYTES);
  const tag = wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey, iv)
    .setAAD(Buffer.from(boundTo))
    .setAuthTag(tag);
  return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** The content cipher of one version (its id is the additional data). */
export function contentCipher(dataKey: Buffer, iv: Buffer, versionId: string) {
  return createCipheriv('aes-256-gcm', dataKey, iv).setAAD(Buffer.from(versionId));
}

export function contentDecipher(dataKey: Buffer, iv: Buffer, authTag: Buffer, versionId: string) {
  return createDecipheriv('aes-256-gcm', dataKey, iv).setAAD(Buffer.from(versionId)).setAuthTag(authTag);
}

export class ContentTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The content is larger than ${limitBytes} bytes.`);
  }
}

/**
 * Passes plaintext through while taking its SHA-256, its size and its first `headBytes` (for
 * sniffing the media type); fails with ContentTooLargeError past `limitBytes`. Holds no more than
 * the head, whatever the size.
 */
export class ContentMeter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  sizeBytes = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly headBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.limitBytes) return done(new ContentTooLargeError(this.limitBytes));
    this.hash.update(chunk);
    if (this.headLength < this.headBytes) {
      const part = chunk.subarray(0, this.headBytes - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    done(null, chunk);
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  /** Hex SHA-256 of everything that passed; call once, after the end. */
  digest(): string {
    return this.hash.digest('hex');
  }
}

export class IntegrityError extends Error {
  constructor(readonly reason: 'auth-tag' | 'sha256' | 'size' | 'missing') {
    super(`The stored content failed its integrity check (${reason}).`);
  }
}

/**
 * Passes decrypted plaintext through and, at the end, fails with IntegrityError unless its SHA-256
 * and size are the recorded ones. (The GCM tag is checked by the decipher before this sees the end.)
 */
export class ContentVerifier extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private sizeBytes = 0;

  constructor(
    private readonly expectedSha256: string,
    private readonly expectedSizeBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.sizeBytes += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.sizeBytes !== this.expectedSizeBytes) return done(new IntegrityError('size'));
    if (this.hash.digest('hex') !== this.expectedSha256) return done(new IntegrityError('sha256'));
    done();
  }
}
