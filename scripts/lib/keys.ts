/**
 * Signing keys for local runs and tests: generated once into .local/keys.json (never
 * committed). Compose and production pass their own through the same env vars.
 */
import { generateSigningJwk } from '@lawfirm/auth';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LocalKeys {
  gatewaySigningKey: string;
  gatewayJwks: string;
  adminSigningKey: string;
}

export async function ensureLocalKeys(file: string): Promise<LocalKeys> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalKeys;
  const gateway = await generateSigningJwk();
  const admin = await generateSigningJwk();
  const keys: LocalKeys = {
    gatewaySigningKey: JSON.stringify(gateway.privateJwk),
    gatewayJwks: JSON.stringify({ keys: [gateway.publicJwk] }),
    adminSigningKey: JSON.stringify(admin.privateJwk),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}
