/**
 * Keys for local runs and tests: generated once into .local/keys.json (never committed). Compose
 * and production pass their own through the same env vars. A file written before a key existed
 * gets the missing keys added (the others are kept, so running stacks' tokens stay valid).
 */
import { generateInternalTokenKey, generateSigningJwk } from '@lawfirm/auth';
import {
  INTERNAL_TOKEN_AUDIENCES,
  internalTokenKeyVariable,
  type InternalTokenAudience,
} from '@lawfirm/contracts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LocalKeys {
  /** The gateway's ES256 key for access tokens (private JWK, JSON). */
  gatewaySigningKey: string;
  /** Its public half as a JWKS (JSON). */
  gatewayJwks: string;
  adminSigningKey: string;
  /** Each service's HS256 internal-token key (base64url): its INTERNAL_TOKEN_KEY, and the gateway's `<SERVICE>_INTERNAL_TOKEN_KEY`. */
  internalTokenKeys: Record<InternalTokenAudience, string>;
}

async function newLocalKeys(): Promise<Omit<LocalKeys, 'internalTokenKeys'>> {
  const gateway = await generateSigningJwk();
  const admin = await generateSigningJwk();
  return {
    gatewaySigningKey: JSON.stringify(gateway.privateJwk),
    gatewayJwks: JSON.stringify({ keys: [gateway.publicJwk] }),
    adminSigningKey: JSON.stringify(admin.privateJwk),
  };
}

export async function ensureLocalKeys(file: string): Promise<LocalKeys> {
  const stored = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalKeys>)
    : undefined;
  const signing =
    stored?.gatewaySigningKey && stored.gatewayJwks && stored.adminSigningKey ? stored : undefined;
  const internalTokenKeys = Object.fromEntries(
    INTERNAL_TOKEN_AUDIENCES.map((service) => [
      service,
      stored?.internalTokenKeys?.[service] ?? generateInternalTokenKey(),
    ]),
  ) as Record<InternalTokenAudience, string>;
  const keys: LocalKeys = {
    ...(signing ? (signing as Omit<LocalKeys, 'internalTokenKeys'>) : await newLocalKeys()),
    internalTokenKeys,
  };
  const unchanged =
    signing !== undefined &&
    INTERNAL_TOKEN_AUDIENCES.every(
      (service) => stored?.internalTokenKeys?.[service] === internalTokenKeys[service],
    );
  if (!unchanged) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  return keys;
}

/** What a service's process gets to verify internal tokens (INTERNAL_TOKEN_KEY), or the gateway's keys for all of them. */
export function internalTokenEnv(
  service: string,
  keys: Pick<LocalKeys, 'internalTokenKeys'>,
): Record<string, string> {
  if (service === 'gateway')
    return Object.fromEntries(
      INTERNAL_TOKEN_AUDIENCES.map((audience) => [
        internalTokenKeyVariable(audience),
        keys.internalTokenKeys[audience],
      ]),
    );
  const own = keys.internalTokenKeys[service as InternalTokenAudience] as string | undefined;
  return own ? { INTERNAL_TOKEN_KEY: own } : {};
}
