import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ISSUER = 'Law-firm platform';
export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/**
 * The time step a code belongs to, if it is valid now or one step either side (clock drift), and newer
 * than `lastUsedStep` (a code is accepted once: replaying it within its window is refused).
 */
export function acceptedStep(
  secretBase32: string,
  code: string,
  lastUsedStep: number,
  nowMs: number,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secretBase32, 'check').validate({ token: code, timestamp: nowMs, window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS) + delta;
  return step > lastUsedStep ? step : undefined;
}

/** Ten codes of 80 random bits, `xxxx-xxxx-xxxx-xxxx` in lower-case base32. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const base32 = new Secret({ buffer: randomBytes(10).buffer }).base32.toLowerCase();
    return base32.match(/.{4}/g)!.join('-');
  });
}

/** Codes carry 80 bits, so a plain SHA-256 of the normalised code suffices (no slow hash needed). */
export function recoveryCodeHash(code: string): string {
  const normalised = code.toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

/** The key that seals TOTP secrets: TOTP_SECRET_KEY when set, else derived from the signing key. */
export function totpSealingKey(configured: string | undefined, signingKey: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64url');
  return Buffer.from(hkdfSync('sha256', signingKey, 'lawfirm-totp', 'totp-secret-sealing', 32));
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` in base64url, bound to the user (additional data). */
export function sealSecret(key: Buffer, secretBase32: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.subarray(0, 32), iv);
  cipher.setAAD(Buffer.from(userId));
  const ciphertext = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function openSecret(key: Buffer, sealed: string, userId: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !ciphertext) throw new Error('unknown sealed TOTP secret format');
  const decipher = createDecipheriv('aes-256-gcm', key.subarray(0, 32), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
