import {
  createHmac,
  createSecretKey,
  randomBytes,
  randomUUID,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import type { ActorKind } from './roles';
import { InvalidTokenError, type TokenClaims } from './tokens';

/**
 * Internal tokens: what the gateway sends a service with each forwarded request. A compact JWS
 * (RFC 7515) with HS256 (RFC 7518 §3.2) under a key the gateway shares with that one service only,
 * so a service that leaks its key can mint tokens for itself and no other. Each token is bound to
 * its request: method (`htm`) and path with query (`htu`, both named as in DPoP, RFC 9449), a `jti`
 * the service accepts once, and a life of at most INTERNAL_TOKEN_TTL_SECONDS.
 *
 * Why HMAC and not the ES256 the access tokens use: the gateway mints one per request, and an
 * ECDSA P-256 signature cost 62 µs of the gateway's CPU per request (72 µs per token) against a
 * few µs for HMAC-SHA256; the key pair bought nothing here, as each service's key has one holder
 * besides the gateway.
 */
export const INTERNAL_TOKEN_ALGORITHM = 'HS256';
/** A token's whole life; a forwarded request reaches its service in milliseconds. */
export const INTERNAL_TOKEN_TTL_SECONDS = 30;
/** Clock skew tolerated between the gateway and a service (seconds). */
export const INTERNAL_TOKEN_CLOCK_TOLERANCE_SECONDS = 5;
/** HMAC-SHA256 keys shorter than the hash output (RFC 2104 §3) are refused. */
export const INTERNAL_TOKEN_KEY_MIN_BYTES = 32;

/** The exact header every internal token carries; the verifier compares it byte for byte, so `alg` is pinned. */
const ENCODED_HEADER = Buffer.from(JSON.stringify({ alg: INTERNAL_TOKEN_ALGORITHM, typ: 'JWT' })).toString(
  'base64url',
);

/** The request a token is minted for (or presented with): method and path with query string. */
export interface BoundRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/matters?limit=10`. */
  url: string;
}

interface InternalPayload {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  htm: string;
  htu: string;
  firm_id: string;
  act: ActorKind;
  roles: string[];
  scope: string;
  rid?: string;
  cid?: string;
}

/** A new random key, base64url text (what INTERNAL_TOKEN_KEY and the gateway's per-service variables hold). */
export function generateInternalTokenKey(): string {
  return randomBytes(INTERNAL_TOKEN_KEY_MIN_BYTES).toString('base64url');
}

/** Why a configured key is unusable, or undefined when it is fine. */
export function internalTokenKeyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]+$/.test(value))
    return 'must be a base64url key (generate one with `node -p "crypto.randomBytes(32).toString(\'base64url\')"`)';
  if (Buffer.from(value, 'base64url').length < INTERNAL_TOKEN_KEY_MIN_BYTES)
    return `must decode to at least ${INTERNAL_TOKEN_KEY_MIN_BYTES} bytes`;
  return undefined;
}

/**
 * A KeyObject, not the bytes: on Node 24 `createHmac` with a Buffer key spends most of its time
 * finding out the Buffer is not a KeyObject (median 58–89 µs per MAC against 10–14 µs with a
 * KeyObject, same loaded machine; in the gateway's profile that check was 1.5% of its busy CPU).
 */
function decodeKey(key: string): KeyObject {
  const problem = internalTokenKeyProblem(key);
  if (problem) throw new Error(`internal token key ${problem}`);
  return createSecretKey(Buffer.from(key, 'base64url'));
}

/** Mints internal tokens for one service (audience) with that service's key. */
export class InternalTokenMinter {
  private readonly key: KeyObject;

  constructor(
    key: string,
    readonly issuer: string,
    readonly audience: string,
    private readonly ttlSeconds: number = INTERNAL_TOKEN_TTL_SECONDS,
  ) {
    this.key = decodeKey(key);
  }

  mint(claims: TokenClaims, request: BoundRequest): string {
    const issuedAt = Math.floor(Date.now() / 1000);
    const payload: InternalPayload = {
      iss: this.issuer,
      aud: this.audience,
      sub: claims.subject,
      iat: issuedAt,
      exp: issuedAt + this.ttlSeconds,
      jti: randomUUID(),
      htm: request.method,
      htu: request.url,
      firm_id: claims.firmId,
      act: claims.actorType,
      roles: claims.roles,
      scope: claims.scopes.join(' '),
      ...(claims.requestId ? { rid: claims.requestId } : {}),
      ...(claims.correlationId ? { cid: claims.correlationId } : {}),
    };
    const signingInput = `${ENCODED_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const mac = createHmac('sha256', this.key).update(signingInput).digest('base64url');
    return `${signingInput}.${mac}`;
  }
}

/**
 * The jtis this process has accepted, for at least a token's whole life. Two generations of sets
 * that rotate every `lifetimeMs`: a jti stays findable for between one and two lifetimes, and no
 * unexpired jti is ever dropped to make room (a size-capped LRU could evict one under load and
 * reopen the replay). Memory grows with the request rate: two lifetimes of jtis at most.
 */
export class SeenJtis {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt: number;

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rotatedAt = now();
  }

  /** True the first time a jti is offered (and remembers it); false for a repeat. */
  firstSighting(jti: string): boolean {
    const now = this.now();
    if (now - this.rotatedAt >= this.lifetimeMs) {
      // Two lifetimes without a request: both generations are past every token's life.
      this.previous = now - this.rotatedAt >= 2 * this.lifetimeMs ? new Set() : this.current;
      this.current = new Set();
      this.rotatedAt = now;
    }
    if (this.current.has(jti) || this.previous.has(jti)) return false;
    this.current.add(jti);
    return true;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

const JTI_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Verifies the internal tokens of one service: its own key, the pinned header, issuer, audience,
 * expiry (and a life no longer than the minter's), the request it was minted for, and a jti not
 * seen before by this process. What the jti check does not cover: another instance of the same
 * service keeps its own set, so a token captured in flight could be presented once more to a
 * second instance within its 30 s, for the same method and path only.
 */
export class InternalTokenVerifier {
  private readonly key: KeyObject;
  private readonly seen: SeenJtis;

  constructor(
    key: string,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = decodeKey(key);
    this.seen = new SeenJtis(
      (INTERNAL_TOKEN_TTL_SECONDS + 2 * INTERNAL_TOKEN_CLOCK_TOLERANCE_SECONDS) * 1000,
      now,
    );
  }

  verify(token: string, request: BoundRequest): Promise<TokenClaims> {
    try {
      return Promise.resolve(this.verifySync(token, request));
    } catch (error) {
      return Promise.reject(
        error instanceof InvalidTokenError ? error : new InvalidTokenError('invalid token'),
      );
    }
  }

  private verifySync(token: string, request: BoundRequest): TokenClaims {
    const firstDot = token.indexOf('.');
    const lastDot = token.lastIndexOf('.');
    if (firstDot <= 0 || lastDot === firstDot) throw new InvalidTokenError('token is not a compact JWS');
    // The header must be the one we mint: `alg` none, ES256, RS256 or anything else never gets further.
    if (token.slice(0, firstDot) !== ENCODED_HEADER)
      throw new InvalidTokenError('token header is not the pinned HS256 header');
    const signingInput = token.slice(0, lastDot);
    const presented = Buffer.from(token.slice(lastDot + 1), 'base64url');
    const expected = createHmac('sha256', this.key).update(signingInput).digest();
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected))
      throw new InvalidTokenError('signature verification failed');

    let payload: Partial<InternalPayload>;
    try {
      payload = JSON.parse(
        Buffer.from(token.slice(firstDot + 1, lastDot), 'base64url').toString('utf8'),
      ) as Partial<InternalPayload>;
    } catch {
      throw new InvalidTokenError('token payload is not JSON');
    }
    if (typeof payload !== 'object' || payload === null)
      throw new InvalidTokenError('token payload is not an object');
    if (payload.iss !== this.issuer) throw new InvalidTokenError('unexpected "iss" claim value');
    if (payload.aud !== this.audience) throw new InvalidTokenError('unexpected "aud" claim value');
    const { iat, exp } = payload;
    if (typeof iat !== 'number' || typeof exp !== 'number')
      throw new InvalidTokenError('"iat" and "exp" are required');
    const nowSeconds = this.now() / 1000;
    if (exp <= nowSeconds - INTERNAL_TOKEN_CLOCK_TOLERANCE_SECONDS)
      throw new InvalidTokenError('token has expired');
    if (iat > nowSeconds + INTERNAL_TOKEN_CLOCK_TOLERANCE_SECONDS)
      throw new InvalidTokenError('token is not yet valid');
    if (exp - iat > INTERNAL_TOKEN_TTL_SECONDS)
      throw new InvalidTokenError('token lives longer than allowed');
    if (payload.htm !== request.method || payload.htu !== request.url)
      throw new InvalidTokenError('token was minted for another request');
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.firm_id !== 'string' ||
      !Array.isArray(payload.roles) ||
      typeof payload.act !== 'string'
    )
      throw new InvalidTokenError('token lacks subject, firm, actor or roles');
    // Last, so a token refused for any other reason does not use up its jti.
    if (typeof payload.jti !== 'string' || !JTI_PATTERN.test(payload.jti))
      throw new InvalidTokenError('token lacks a jti');
    if (!this.seen.firstSighting(payload.jti)) throw new InvalidTokenError('token was already used');
    return {
      firmId: payload.firm_id,
      subject: payload.sub,
      actorType: payload.act,
      roles: payload.roles,
      scopes: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
      ...(payload.rid ? { requestId: payload.rid } : {}),
      ...(payload.cid ? { correlationId: payload.cid } : {}),
    };
  }
}
