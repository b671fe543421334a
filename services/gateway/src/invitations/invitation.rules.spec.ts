import {
  INVITATION_TOKEN_PATTERN,
  INVITATION_TTL_MS,
  invitationStatus,
  invitationTokenHash,
  newInvitationToken,
} from './invitation.rules';

describe('invitation rules', () => {
  it('makes tokens of 32 random bytes that the accept route takes, each different, hashed to hex', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newInvitationToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(INVITATION_TOKEN_PATTERN);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
    const [token] = [...tokens];
    expect(invitationTokenHash(token!)).toMatch(/^[0-9a-f]{64}$/);
    expect(invitationTokenHash(token!)).not.toContain(token);
  });

  it('judges an invitation pending until 72 hours are over, and used or revoked whatever the time', () => {
    const created = new Date('2026-03-01T09:00:00Z');
    const expiresAt = new Date(created.getTime() + INVITATION_TTL_MS);
    const pending = { acceptedAt: null, revokedAt: null, expiresAt };
    expect(invitationStatus(pending, new Date(expiresAt.getTime() - 1))).toBe('pending');
    expect(invitationStatus(pending, expiresAt)).toBe('expired');
    expect(invitationStatus({ ...pending, acceptedAt: created }, created)).toBe('accepted');
    expect(invitationStatus({ ...pending, revokedAt: created }, created)).toBe('revoked');
    expect(INVITATION_TTL_MS).toBe(72 * 3600 * 1000);
  });
});
