import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  SignJWT,
  type JWTPayload,
} from 'jose';
import { generateSigningJwk, loadSigningKey, type SigningKey } from './keys';
import { hashSecret, newClientId, newClientSecret, verifySecret } from './passwords';
import { InvalidTokenError, TokenIssuer, TokenVerifier, type TokenClaims } from './tokens';

const ISSUER = 'lawfirm-gateway';
const AUDIENCE = 'lawfirm-api';

async function newSigningKey(): Promise<SigningKey> {
  const { privateJwk } = await generateSigningJwk();
  return loadSigningKey(JSON.stringify(privateJwk));
}

function claimsForNewFirm(overrides: Partial<TokenClaims> = {}): TokenClaims {
  return {
    firmId: randomUUID(),
    subject: randomUUID(),
    actorType: 'user',
    roles: ['attorney', 'billing'],
    scopes: ['matters:read', 'time-entries:write'],
    requestId: randomUUID(),
    correlationId: randomUUID(),
    ...overrides,
  };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A token with the platform's claims, signed however the test needs, bypassing TokenIssuer. */
function forgedToken(payload: JWTPayload = {}): SignJWT {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ firm_id: randomUUID(), act: 'user', roles: ['firm-admin'], scope: '', ...payload })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 300);
}

async function refusal(verifier: TokenVerifier, token: string): Promise<InvalidTokenError> {
  const error: unknown = await verifier.verify(token).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (error instanceof InvalidTokenError) return error;
  throw new Error(`expected InvalidTokenError, got ${String(error)}`);
}

describe('TokenIssuer and TokenVerifier', () => {
  let key: SigningKey;
  let issuer: TokenIssuer;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    key = await newSigningKey();
    issuer = new TokenIssuer(key, ISSUER);
    verifier = new TokenVerifier(issuer.jwks(), ISSUER, AUDIENCE);
  });

  it('returns the firm, subject, roles, scopes and request ids when a token it issued is verified', async () => {
    const claims = claimsForNewFirm();

    const token = await issuer.sign(AUDIENCE, claims, 300);

    await expect(verifier.verify(token)).resolves.toEqual(claims);
  });

  it('returns empty scopes and no request ids when the token was issued without them', async () => {
    const claims = claimsForNewFirm({ scopes: [], requestId: undefined, correlationId: undefined });

    const verified = await verifier.verify(await issuer.sign(AUDIENCE, claims, 300));

    expect(verified.scopes).toEqual([]);
    expect(verified).not.toHaveProperty('requestId');
    expect(verified).not.toHaveProperty('correlationId');
  });

  it('issues a standard ES256 JWS that jose verifies against the published key set', async () => {
    const claims = claimsForNewFirm();

    const token = await issuer.sign('intake', claims, 60);

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: key.kid, typ: 'JWT' });
    const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.jwks()), {
      algorithms: ['ES256'],
      issuer: ISSUER,
      audience: 'intake',
    });
    expect(payload).toMatchObject({
      sub: claims.subject,
      firm_id: claims.firmId,
      roles: claims.roles,
      rid: claims.requestId,
    });
  });

  it('signs each token afresh: two tokens for the same caller differ in their request id and signature', async () => {
    const first = await issuer.sign('intake', claimsForNewFirm({ firmId: 'f', subject: 's' }), 60);
    const second = await issuer.sign('intake', claimsForNewFirm({ firmId: 'f', subject: 's' }), 60);

    expect(decodeJwt(first).rid).not.toBe(decodeJwt(second).rid);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
  });

  it('issues a token that expires ttl seconds after it was issued', async () => {
    const payload = decodeJwt(await issuer.sign(AUDIENCE, claimsForNewFirm(), 900));

    expect(payload.exp! - payload.iat!).toBe(900);
    expect(payload.iss).toBe(ISSUER);
    expect(payload.aud).toBe(AUDIENCE);
  });

  it('publishes a JWKS without the private key', () => {
    const [publicJwk] = issuer.jwks().keys;

    expect(publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: key.kid });
    expect(publicJwk).not.toHaveProperty('d');
  });

  it('refuses a token issued for another audience', async () => {
    const token = await issuer.sign('lawfirm-billing', claimsForNewFirm(), 300);

    await expect(refusal(verifier, token)).resolves.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token from another issuer even when it is signed with the trusted key', async () => {
    const token = await new TokenIssuer(key, 'someone-else').sign(AUDIENCE, claimsForNewFirm(), 300);

    await expect(refusal(verifier, token)).resolves.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token whose expiry has passed', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await forgedToken()
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .sign(key.privateKey);

    const error = await refusal(verifier, token);

    expect(error.message).toMatch(/exp/);
  });

  it('refuses a token without an expiry', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ firm_id: randomUUID(), act: 'user', roles: [], scope: '' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(randomUUID())
      .setIssuedAt(now)
      .sign(key.privateKey);

    await expect(refusal(verifier, token)).resolves.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token signed by a key it does not trust', async () => {
    const otherKey = await newSigningKey();
    const token = await new TokenIssuer(otherKey, ISSUER).sign(AUDIENCE, claimsForNewFirm(), 300);

    await expect(refusal(verifier, token)).resolves.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token signed by another key that claims the trusted key id', async () => {
    const otherKey = await newSigningKey();
    const impostor = new TokenIssuer({ ...otherKey, kid: key.kid }, ISSUER);

    const token = await impostor.sign(AUDIENCE, claimsForNewFirm(), 300);

    await expect(refusal(verifier, token)).resolves.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses an unsigned token with alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url({ alg: 'none', typ: 'JWT' });
    const payload = base64url({
      firm_id: randomUUID(),
      act: 'user',
      roles: ['firm-admin'],
      scope: '',
      iss: ISSUER,
      aud: AUDIENCE,
      sub: randomUUID(),
      iat: now,
      exp: now + 300,
    });

    await expect(refusal(verifier, `${header}.${payload}.`)).resolves.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses an HS256 token keyed with the public JWK', async () => {
    const publicKeyAsSecret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const token = await forgedToken()
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(publicKeyAsSecret);

    await expect(refusal(verifier, token)).resolves.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a validly signed token that carries no firm', async () => {
    const token = await forgedToken({ firm_id: undefined })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(key.privateKey);

    const error = await refusal(verifier, token);

    expect(error.message).toBe('token lacks firm or roles');
  });

  it('refuses a token whose signature was tampered with', async () => {
    const token = await issuer.sign(AUDIENCE, claimsForNewFirm(), 300);
    const [header, , signature] = token.split('.');
    const elevated = base64url({ ...decodeJwt(token), roles: ['firm-admin'] });

    await expect(refusal(verifier, `${header}.${elevated}.${signature}`)).resolves.toBeInstanceOf(
      InvalidTokenError,
    );
  });
});

describe('loadSigningKey', () => {
  it('refuses a public JWK when a private key is required', async () => {
    const { publicJwk } = await generateSigningJwk();

    await expect(loadSigningKey(JSON.stringify(publicJwk))).rejects.toThrow(/private EC P-256/);
  });
});

describe('hashSecret and verifySecret', () => {
  it('produces an argon2id hash that accepts the right secret and refuses a wrong one', async () => {
    const secret = newClientSecret();

    const stored = await hashSecret(secret);

    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(stored).not.toContain(secret);
    await expect(verifySecret(stored, secret)).resolves.toBe(true);
    await expect(verifySecret(stored, `${secret}x`)).resolves.toBe(false);
    await expect(verifySecret(stored, '')).resolves.toBe(false);
  });

  it('salts each hash so the same secret hashes differently each time', async () => {
    const secret = newClientSecret();

    expect(await hashSecret(secret)).not.toBe(await hashSecret(secret));
  });

  it('refuses rather than throws when the stored hash is not an argon2 hash', async () => {
    await expect(verifySecret('plain-text-password', 'plain-text-password')).resolves.toBe(false);
  });
});

describe('newClientSecret and newClientId', () => {
  it('gives secrets the lfs_ prefix with enough random characters to be unguessable', () => {
    const secret = newClientSecret();

    expect(secret).toMatch(/^lfs_[A-Za-z0-9_-]{43}$/);
    expect(newClientSecret()).not.toBe(secret);
  });

  it('gives client ids the lfc_ prefix', () => {
    expect(newClientId()).toMatch(/^lfc_[0-9a-f]{24}$/);
  });
});
