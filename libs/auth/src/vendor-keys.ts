import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * A partner vendor's API key: `lfv_<43 base64url characters of 32 random bytes>_<8 hex of CRC-32>`.
 * The prefix lets secret scanners recognise a leaked key; the checksum lets the gateway refuse a
 * mistyped or made-up key without touching the database (GitHub's token format does the same).
 */
export const VENDOR_KEY_PREFIX = 'lfv_';

/** What a vendor key may be used for; each vendor route needs one of them in the token. */
export const VENDOR_SCOPES = [
  'work-orders:read',
  'work-orders:write',
  'time:write',
  'documents:write',
] as const;
export type VendorScope = (typeof VENDOR_SCOPES)[number];

const VENDOR_KEY = /^lfv_([A-Za-z0-9_-]{43})_([0-9a-f]{8})$/;

const checksumOf = (body: string): string => crc32(body).toString(16).padStart(8, '0');

/** A new key (shown once to whoever created it; only its hash is kept). */
export function newVendorKey(): string {
  const body = randomBytes(32).toString('base64url');
  return `${VENDOR_KEY_PREFIX}${body}_${checksumOf(body)}`;
}

/** Whether `key` has a vendor key's shape and its checksum matches: checked before any look-up. */
export function isWellFormedVendorKey(key: string): boolean {
  const match = VENDOR_KEY.exec(key);
  return match !== null && checksumOf(match[1]!) === match[2];
}

/**
 * The key as stored: SHA-256 hex. A key carries 256 random bits, so a fast hash is as good as a slow
 * one against guessing, and it lets the key be looked up by its hash (no per-key salt to try).
 */
export function vendorKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The first characters of a key, kept to tell keys apart in lists (never enough to use). */
export function vendorKeyHint(key: string): string {
  return key.slice(0, VENDOR_KEY_PREFIX.length + 6);
}
