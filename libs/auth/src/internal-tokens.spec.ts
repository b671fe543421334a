import { createHmac, randomUUID, sign as signWithKey } from 'node:crypto';
import {
  generateInternalTokenKey,
  internalTokenKeyProblem,
  InternalTokenMinter,
  InternalTokenVerifier,
  INTERNAL_TOKEN_TTL_SECONDS,
  SeenJtis,
  type BoundRequest,
} from './internal-tokens';
import { generateSigningJwk, loadSigningKey } from './keys';
import { InvalidTokenError, type TokenClaims } from './tokens';

const ISSUER = 'lawfirm-gateway';
const REQUEST: BoundRequest = {
  method: 'GET',
  url: '/v1/matters/0b7c9a4e-2f0b-4c39-9d4e-7f1e0f6f9b11?view=full',
};

function claimsForNewFirm(): TokenClaims {
  return {
    firmId: randomUUID(),
    subject: randomUUID(),
    actorType: 'user',
    roles: ['attorney', 'billing'],
    scopes: ['matters:read', 'time-entries:write'],
    requestId: randomUUID(),
    correlationId: randomUUID(),
  };
}

const base64url = (value: object | string): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** HS256 over any header and payload with the given key: what a forger holding that key could send. */
function hs256(key: string, header: object, payload: object): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${createHmac('sha256', Buffer.from(key, 'base64url')).update(input).digest('base64url')}`;
}

async function refusal(verifying: Promise<TokenClaims>): Promise<string> {
  const error: unknown = await verifying.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (error instanceof InvalidTokenError) return error.message;
  throw new Error(`expected InvalidTokenError, got ${String(error)}`);
}

describe('InternalTokenMinter and InternalTokenVerifier', () => {
  const intakeKey = generateInternalTokenKey();
  const billingKey = generateInternalTokenKey();
  const minter = new InternalTokenMinter(intakeKey, ISSUER, 'intake');
  let verifier: InternalTokenVerifier;

  beforeEach(() => {
    verifier = new InternalTokenVerifier(intakeKey, ISSUER, 'intake');
  });

  it('accepts a token minted for this service and this request, and gives back its claims', async () => {
    const claims = claimsForNewFirm();
    const token = minter.mint(claims, REQUEST);

    await expect(verifier.verify(token, REQUEST)).resolves.toEqual(claims);
    const payload = payloadOf(token);
    expect(payload).toMatchObject({ iss: ISSUER, aud: 'intake', htm: 'GET', htu: REQUEST.url });
    expect(payload.exp as number).toBe((payload.iat as number) + INTERNAL_TOKEN_TTL_SECONDS);
    expect(INTERNAL_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(30);
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
  });

  it('gives every token its own jti', () => {
    const claims = claimsForNewFirm();
    const jtis = new Set(Array.from({ length: 100 }, () => payloadOf(minter.mint(claims, REQUEST)).jti));
    expect(jtis.size).toBe(100);
  });

  it('refuses the same token the second time (a replay), even for the same request', async () => {
    const token = minter.mint(claimsForNewFirm(), REQUEST);

    await verifier.verify(token, REQUEST);

    expect(await refusal(verifier.verify(token, REQUEST))).toMatch(/already used/);
  });

  it('refuses a token presented with another method, path or query than it was minted for', async () => {
    const claims = claimsForNewFirm();
    const cases: BoundRequest[] = [
      { method: 'DELETE', url: REQUEST.url },
      { method: 'GET', url: '/v1/matters/0b7c9a4e-2f0b-4c39-9d4e-7f1e0f6f9b12?view=full' },
      { method: 'GET', url: '/v1/matters/0b7c9a4e-2f0b-4c39-9d4e-7f1e0f6f9b11' },
      { method: 'GET', url: `${REQUEST.url}&limit=1` },
    ];
    for (const other of cases) {
      const token = minter.mint(claims, REQUEST);
      expect(await refusal(verifier.verify(token, other))).toMatch(/another request/);
      // Refused for the wrong request, it did not use up its jti: the right request still passes.
      await expect(verifier.verify(token, REQUEST)).resolves.toMatchObject({ firmId: claims.firmId });
    }
  });

  it("refuses a token under another service's key, even when it names this service", async () => {
    const token = new InternalTokenMinter(billingKey, ISSUER, 'intake').mint(claimsForNewFirm(), REQUEST);

    expect(await refusal(verifier.verify(token, REQUEST))).toMatch(/signature/);
  });

  it('refuses a token minted for another audience under the right key', async () => {
    const token = new InternalTokenMinter(intakeKey, ISSUER, 'billing').mint(claimsForNewFirm(), REQUEST);

    expect(await refusal(verifier.verify(token, REQUEST))).toMatch(/aud/);
  });

  it('refuses another issuer', async () => {
    const token = new InternalTokenMinter(intakeKey, 'someone-else', 'intake').mint(
      claimsForNewFirm(),
      REQUEST,
    );

    expect(await refusal(verifier.verify(token, REQUEST))).toMatch(/iss/);
  });

  it('refuses an expired token, and one that claims a longer life than 30 s', async () => {
    let now = Date.now();
    const clocked = new InternalTokenVerifier(intakeKey, ISSUER, 'intake', () => now);
    const token = minter.mint(claimsForNewFirm(), REQUEST);
    now += (INTERNAL_TOKEN_TTL_SECONDS + 6) * 1000;
    expect(await refusal(clocked.verify(token, REQUEST))).toMatch(/expired/);

    const longLived = new InternalTokenMinter(intakeKey, ISSUER, 'intake', 3600).mint(
      claimsForNewFirm(),
      REQUEST,
    );
    expect(await refusal(verifier.verify(longLived, REQUEST))).toMatch(/longer than allowed/);
  });

  it('refuses alg none, ES256 and HS512 headers, whatever the payload', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      ...payloadOf(minter.mint(claimsForNewFirm(), REQUEST)),
      jti: randomUUID(),
      iat: now,
      exp: now + 10,
    };
    const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
    expect(await refusal(verifier.verify(none, REQUEST))).toMatch(/pinned HS256 header/);

    const es256Key = await loadSigningKey(JSON.stringify((await generateSigningJwk()).privateJwk));
    const esInput = `${base64url({ alg: 'ES256', typ: 'JWT' })}.${base64url(payload)}`;
    const esSignature = signWithKey('sha256', Buffer.from(esInput), {
      key: es256Key.privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url');
    expect(await refusal(verifier.verify(`${esInput}.${esSignature}`, REQUEST))).toMatch(
      /pinned HS256 header/,
    );

    // Even MAC'd with the right key, a header other than ours is refused (no algorithm choice by the sender).
    expect(
      await refusal(verifier.verify(hs256(intakeKey, { alg: 'HS512', typ: 'JWT' }, payload), REQUEST)),
    ).toMatch(/pinned HS256 header/);
    expect(
      await refusal(verifier.verify(hs256(intakeKey, { typ: 'JWT', alg: 'HS256' }, payload), REQUEST)),
    ).toMatch(/pinned HS256 header/);
  });

  it('refuses a changed payload, a truncated signature and things that are not tokens', async () => {
    const token = minter.mint(claimsForNewFirm(), REQUEST);
    const [header, , signature] = token.split('.');
    const elevated = { ...payloadOf(token), roles: ['firm-admin'] };
    expect(await refusal(verifier.verify(`${header}.${base64url(elevated)}.${signature}`, REQUEST))).toMatch(
      /signature/,
    );
    expect(await refusal(verifier.verify(token.slice(0, -4), REQUEST))).toMatch(/signature/);
    for (const junk of ['', 'abc', 'a.b', '..', `${header}..`]) {
      await expect(verifier.verify(junk, REQUEST)).rejects.toBeInstanceOf(InvalidTokenError);
    }
  });

  it('refuses a correctly MACed token without a jti, firm or roles', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      ...payloadOf(minter.mint(claimsForNewFirm(), REQUEST)),
      iat: now,
      exp: now + 10,
    };
    const header = { alg: 'HS256', typ: 'JWT' };
    const { jti: _jti, ...withoutJti } = payload;
    expect(await refusal(verifier.verify(hs256(intakeKey, header, withoutJti), REQUEST))).toMatch(/jti/);
    const { firm_id: _firm, ...withoutFirm }: Record<string, unknown> = { ...payload, jti: randomUUID() };
    expect(await refusal(verifier.verify(hs256(intakeKey, header, withoutFirm), REQUEST))).toMatch(/firm/);
  });
});

describe('SeenJtis', () => {
  it('remembers a jti for at least its lifetime and forgets it after two', () => {
    let now = 0;
    const seen = new SeenJtis(40_000, () => now);
    expect(seen.firstSighting('a')).toBe(true);
    now = 39_999;
    expect(seen.firstSighting('b')).toBe(true);
    now = 40_000; // rotation: a and b move to the previous generation
    expect(seen.firstSighting('a')).toBe(false);
    now = 79_998; // b was seen 39,999 ms ago and must still be refused
    expect(seen.firstSighting('b')).toBe(false);
    now = 80_000; // second rotation: a (80 s old) and b (40 s old) are past any token's life
    expect(seen.firstSighting('a')).toBe(true);
    expect(seen.size).toBeLessThanOrEqual(3);
  });

  it('forgets everything after two idle lifetimes', () => {
    let now = 0;
    const seen = new SeenJtis(1000, () => now);
    seen.firstSighting('a');
    now = 2500;
    expect(seen.firstSighting('a')).toBe(true);
    expect(seen.size).toBe(1);
  });
});

describe('internalTokenKeyProblem', () => {
  it('accepts a generated key and refuses short or non-base64url ones', () => {
    expect(internalTokenKeyProblem(generateInternalTokenKey())).toBeUndefined();
    expect(internalTokenKeyProblem(Buffer.alloc(31).toString('base64url'))).toMatch(/at least 32 bytes/);
    expect(internalTokenKeyProblem('has spaces and = padding')).toMatch(/base64url/);
    expect(internalTokenKeyProblem(undefined)).toMatch(/base64url/);
    expect(() => new InternalTokenVerifier('short', ISSUER, 'intake')).toThrow(/internal token key/);
  });
});
