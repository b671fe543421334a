import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, rm, stat, unlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobKey, BlobExistsError, BlobNotFoundError, type BlobStore } from './blob-store';

/**
 * Blobs as files under one directory. A write goes to a temporary file first and is linked into
 * place only when complete (link, unlike rename, refuses an existing name), so a reader never sees
 * half a blob and a blob is never overwritten.
 */
export class LocalDiskBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(key: string, content: Readable): Promise<{ sizeBytes: number }> {
    assertBlobKey(key);
    const temporary = join(this.root, '.incoming', randomUUID());
    await mkdir(dirname(temporary), { recursive: true });
    let sizeBytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(content, counter, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }));
      const target = this.pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await link(temporary, target).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new BlobExistsError(key) : error;
      });
    } finally {
      await rm(temporary, { force: true });
    }
    return { sizeBytes };
  }

  async get(key: string): Promise<Readable> {
    assertBlobKey(key);
    const path = this.pathOf(key);
    if (!(await this.has(key))) throw new BlobNotFoundError(key);
    return createReadStream(path);
  }

  async has(key: string): Promise<boolean> {
    assertBlobKey(key);
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await unlink(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Where a key's file is (tests use it to tamper with a blob). */
  pathOf(key: string): string {
    return join(this.root, 'blobs', ...key.split('/'));
  }
}
