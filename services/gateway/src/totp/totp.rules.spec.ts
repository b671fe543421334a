import { randomBytes } from 'node:crypto';
import {
  acceptedStep,
  newRecoveryCodes,
  newTotpSecret,
  openSecret,
  recoveryCodeHash,
  sealSecret,
  totpFor,
  TOTP_PERIOD_SECONDS,
} from './totp.rules';

describe('TOTP rules', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 10, 28, 10, 0, 10);
  const step = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  const codeAt = (ms: number): string => totpFor(secret, 'x').generate({ timestamp: ms });

  it('accepts a code of this step or one either side, once', () => {
    expect(acceptedStep(secret, codeAt(now), 0, now)).toBe(step);
    expect(acceptedStep(secret, codeAt(now - 30_000), 0, now)).toBe(step - 1);
    expect(acceptedStep(secret, codeAt(now + 30_000), 0, now)).toBe(step + 1);
    expect(acceptedStep(secret, codeAt(now - 90_000), 0, now)).toBeUndefined();
    expect(acceptedStep(secret, codeAt(now), step, now)).toBeUndefined();
    expect(acceptedStep(secret, codeAt(now - 30_000), step, now)).toBeUndefined();
    expect(acceptedStep(secret, '12345', 0, now)).toBeUndefined();
    expect(acceptedStep(newTotpSecret(), codeAt(now), 0, now)).toBeUndefined();
  });

  it('makes ten distinct recovery codes whose hash ignores case, spaces and dashes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    expect(recoveryCodeHash(codes[0]!.toUpperCase().replace(/-/g, ' '))).toBe(recoveryCodeHash(codes[0]!));
  });

  it('seals a secret so only the same key and user open it', () => {
    const key = randomBytes(32);
    const sealed = sealSecret(key, secret, 'user-a');
    expect(sealed).not.toContain(secret);
    expect(openSecret(key, sealed, 'user-a')).toBe(secret);
    expect(() => openSecret(key, sealed, 'user-b')).toThrow();
    expect(() => openSecret(randomBytes(32), sealed, 'user-a')).toThrow();
  });
});
