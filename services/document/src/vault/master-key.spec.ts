import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMasterKey } from './master-key';

describe('loadMasterKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'master-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the configured key', () => {
    const configured = Buffer.alloc(32, 7).toString('base64url');
    expect(loadMasterKey(configured, dir).equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('generates one development key once and gives every later start the same', async () => {
    const first = loadMasterKey(undefined, dir);
    expect(first).toHaveLength(32);
    expect(loadMasterKey(undefined, dir).equals(first)).toBe(true);
    expect(await readdir(dir)).toEqual(['master.key']);
  });

  it('refuses to invent a key in production', () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => loadMasterKey(undefined, dir)).toThrow('DOCUMENT_MASTER_KEY is required');
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
