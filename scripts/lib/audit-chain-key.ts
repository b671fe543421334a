/**
 * The admin gateway's audit chain key (AUDIT_CHAIN_KEY) for local runs and tests: 32 random bytes,
 * generated once into .local/audit-chain.key (never committed) beside .local/keys.json. Compose and
 * production pass their own through the same env var; it must never be stored in the database.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function ensureAuditChainKey(file: string): string {
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(stored)) return stored;
  }
  const key = randomBytes(32).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  // Exclusive create: when two processes start at once, the loser reads the winner's key.
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: existsSync(file) ? 'w' : 'wx' });
    return key;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
