import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { LRUCache } from 'lru-cache';
import { Strategy, type VerifyFunctionWithRequest } from 'passport-http-bearer';

type StrategyRequest = Parameters<Strategy<VerifyFunctionWithRequest>['authenticate']>[0];
import {
  actorFromClaims,
  TokenVerifier,
  UnauthenticatedError,
  type Actor,
  type TokenClaims,
} from '@lawfirm/auth';
import { randomUUID } from 'node:crypto';

export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');

/** Enough for every token in use at once on a busy gateway; the least recently used goes first. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Passport's bearer strategy over our access tokens (pinned algorithm, issuer and audience). A
 * token that verified once is remembered until it expires, so a busy integration does not pay a
 * signature verification on every call.
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  private readonly verified = new LRUCache<string, TokenClaims>({ max: VERIFIED_CACHE_SIZE });

  constructor(@Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {
    super({ passReqToCallback: true });
  }

  /**
   * passport-http-bearer also takes a token from the body's or the query's `access_token`: it is
   * handed only the headers, so the Authorization header is the one place a token is read from.
   */
  override authenticate(request: StrategyRequest, options?: object): void {
    const headersOnly: Pick<typeof request, 'headers'> = { headers: request.headers };
    super.authenticate(headersOnly as typeof request, options);
  }

  /** Verifies an access token (remembered once verified); throws when it is invalid or expired. */
  async verify(token: string): Promise<TokenClaims> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const claims = await this.verifier.verify(token);
    const untilExpiryMs = Math.floor((expiryOf(token) ?? 0) - Date.now());
    if (untilExpiryMs > 0) this.verified.set(token, claims, { ttl: untilExpiryMs });
    return claims;
  }

  async validate(request: { headers: Record<string, unknown> }, token: string): Promise<Actor> {
    try {
      const claims = await this.verify(token);
      const requestId =
        typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : randomUUID();
      return actorFromClaims(claims, requestId);
    } catch {
      throw new UnauthenticatedError('The bearer token is invalid or expired.');
    }
  }
}

/** The `exp` of a token already verified (milliseconds), read without verifying again. */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
