import { createHash, randomBytes } from 'node:crypto';

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/** A link's token: 32 random bytes, base64url (43 characters). */
export const PASSWORD_RESET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newPasswordResetToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up: the token has 256 bits of entropy, so a plain SHA-256 suffices. */
export function passwordResetTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type PasswordResetStatus = 'pending' | 'used' | 'superseded' | 'expired' | 'void';

/**
 * Whether a link still works: not used, not superseded by a newer one, within its hour, and the
 * user's epoch unchanged since it was asked for (a password change, deactivation or role change voids it).
 */
export function passwordResetStatus(
  reset: { usedAt: Date | null; supersededAt: Date | null; expiresAt: Date; userEpoch: number },
  user: { tokenEpoch: number; disabledAt: Date | null },
  now: Date,
): PasswordResetStatus {
  if (reset.usedAt) return 'used';
  if (reset.supersededAt) return 'superseded';
  if (reset.expiresAt.getTime() <= now.getTime()) return 'expired';
  return user.disabledAt || user.tokenEpoch !== reset.userEpoch ? 'void' : 'pending';
}
