import {
  newPasswordResetToken,
  PASSWORD_RESET_TOKEN_PATTERN,
  PASSWORD_RESET_TTL_MS,
  passwordResetStatus,
  passwordResetTokenHash,
} from './password-reset.rules';

describe('password reset rules', () => {
  const now = new Date('2026-11-28T10:00:00Z');
  const fresh = {
    usedAt: null,
    supersededAt: null,
    expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
    userEpoch: 3,
  };
  const user = { tokenEpoch: 3, disabledAt: null };

  it('makes 32-byte tokens in the link format, stored as SHA-256 hex', () => {
    const token = newPasswordResetToken();
    expect(token).toMatch(PASSWORD_RESET_TOKEN_PATTERN);
    expect(newPasswordResetToken()).not.toBe(token);
    expect(passwordResetTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(passwordResetTokenHash(token)).not.toContain(token);
  });

  it('is pending within the hour and expired at exactly one hour', () => {
    expect(passwordResetStatus(fresh, user, now)).toBe('pending');
    expect(passwordResetStatus(fresh, user, new Date(now.getTime() + PASSWORD_RESET_TTL_MS - 1))).toBe(
      'pending',
    );
    expect(passwordResetStatus(fresh, user, new Date(now.getTime() + PASSWORD_RESET_TTL_MS))).toBe('expired');
  });

  it('is void once the user epoch moved or the user was deactivated, and used or superseded regardless of time', () => {
    expect(passwordResetStatus(fresh, { tokenEpoch: 4, disabledAt: null }, now)).toBe('void');
    expect(passwordResetStatus(fresh, { tokenEpoch: 3, disabledAt: now }, now)).toBe('void');
    expect(passwordResetStatus({ ...fresh, usedAt: now }, user, now)).toBe('used');
    expect(passwordResetStatus({ ...fresh, supersededAt: now }, user, now)).toBe('superseded');
  });
});
