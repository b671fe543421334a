import { randomUUID } from 'node:crypto';
import type { TokenClaims, TokenVerifier } from '@lawfirm/auth';
import { BearerStrategy } from './bearer.strategy';

/** Counts verifications; accepts any token whose claims it was told about. */
class CountingVerifier {
  calls = 0;
  constructor(private readonly claims: TokenClaims) {}
  verify(): Promise<TokenClaims> {
    this.calls += 1;
    return Promise.resolve(this.claims);
  }
}

/** A token-shaped string whose payload expires `seconds` from now (the stub verifier ignores the signature). */
function tokenExpiringIn(seconds: number): string {
  const payload = Buffer.from(
    JSON.stringify({ sub: randomUUID(), exp: Date.now() / 1000 + seconds }),
  ).toString('base64url');
  return `header.${payload}.signature`;
}

const claims: TokenClaims = {
  firmId: randomUUID(),
  subject: randomUUID(),
  actorType: 'user',
  roles: ['attorney'],
  scopes: [],
};

describe('BearerStrategy', () => {
  it('verifies a token once and answers from memory while it is valid', async () => {
    const verifier = new CountingVerifier(claims);
    const strategy = new BearerStrategy(verifier as unknown as TokenVerifier);
    const token = tokenExpiringIn(300);

    await strategy.verify(token);
    await strategy.verify(token);

    expect(verifier.calls).toBe(1);
    await expect(strategy.verify(token)).resolves.toEqual(claims);
  });

  it('verifies the token again once its expiry has passed', async () => {
    const verifier = new CountingVerifier(claims);
    const strategy = new BearerStrategy(verifier as unknown as TokenVerifier);
    const token = tokenExpiringIn(0.3);

    await strategy.verify(token);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await strategy.verify(token);

    expect(verifier.calls).toBe(2);
  });

  it('never remembers a token that has no expiry', async () => {
    const verifier = new CountingVerifier(claims);
    const strategy = new BearerStrategy(verifier as unknown as TokenVerifier);
    const token = `header.${Buffer.from(JSON.stringify({ sub: 'x' })).toString('base64url')}.signature`;

    await strategy.verify(token);
    await strategy.verify(token);

    expect(verifier.calls).toBe(2);
  });

  it('refuses with 401 when the verifier refuses the token', async () => {
    const strategy = new BearerStrategy({
      verify: () => Promise.reject(new Error('bad signature')),
    } as unknown as TokenVerifier);

    await expect(strategy.validate({ headers: {} }, tokenExpiringIn(300))).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });
});
