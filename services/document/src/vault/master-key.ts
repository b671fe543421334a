import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_BYTES } from './envelope-crypto';

/**
 * The master key-encryption key: DOCUMENT_MASTER_KEY, or outside production one generated once into
 * `<storage dir>/master.key` so a developer's blobs stay readable across restarts.
 */
export function loadMasterKey(configured: string | undefined, storageDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64url');
  if (process.env.NODE_ENV === 'production')
    throw new Error('DOCUMENT_MASTER_KEY is required when NODE_ENV=production (base64url of 32 bytes)');
  const path = join(storageDir, 'master.key');
  if (!existsSync(path)) {
    // Written aside and linked into place: two instances starting at once (scale-out) agree on one
    // key, and neither ever reads a half-written file.
    mkdirSync(storageDir, { recursive: true });
    const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, randomBytes(KEY_BYTES).toString('base64url'), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(aside, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(aside);
    }
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
  if (key.length !== KEY_BYTES) throw new Error(`${path} does not hold a 32-byte base64url key`);
  return key;
}
