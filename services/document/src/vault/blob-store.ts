import type { Readable } from 'node:stream';

/** Where encrypted blobs live: one interface, a local-disk implementation by default. */
export interface BlobStore {
  /**
   * Stores all of `content` under `key`. The blob becomes visible only once complete: a failed or
   * aborted source leaves nothing behind. An existing key is refused (blobs are never overwritten).
   */
  put(key: string, content: Readable): Promise<{ sizeBytes: number }>;
  /** The stored bytes as a stream; BlobNotFoundError when there is no such blob. */
  get(key: string): Promise<Readable>;
  has(key: string): Promise<boolean>;
  /** Removes the blob; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`No blob is stored under ${key}.`);
    this.name = 'BlobNotFoundError';
  }
}

export class BlobExistsError extends Error {
  constructor(key: string) {
    super(`A blob is already stored under ${key}; blobs are never overwritten.`);
    this.name = 'BlobExistsError';
  }
}

/** Keys are slash-separated segments of letters, digits, `-` and `_`: nothing a path could escape with. */
const KEY_PATTERN = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

export function assertBlobKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.length > 512) throw new Error(`Invalid blob key ${JSON.stringify(key)}`);
}
