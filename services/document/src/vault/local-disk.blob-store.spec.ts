import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { blobStoreContract } from './blob-store.contract';
import { LocalDiskBlobStore } from './local-disk.blob-store';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function freshStore(): Promise<LocalDiskBlobStore> {
  const root = await mkdtemp(join(tmpdir(), 'document-blobs-'));
  roots.push(root);
  return new LocalDiskBlobStore(root);
}

blobStoreContract('local disk', freshStore);

describe('LocalDiskBlobStore', () => {
  it('keeps no temporary file after a failed write', async () => {
    const store = await freshStore();
    const failing = new Readable({
      read() {
        this.destroy(new Error('aborted'));
      },
    });
    await expect(store.put('firm-a/aborted', failing)).rejects.toThrow('aborted');
    const root = roots[roots.length - 1] as string;
    expect(await readdir(join(root, '.incoming'))).toEqual([]);
  });
});
