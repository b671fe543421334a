import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { actorFromClaims, TokenVerifier, UnauthenticatedError, type Actor } from '@lawfirm/auth';
import { randomUUID } from 'node:crypto';

export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');

/** Passport's bearer strategy over our access tokens (ES256, pinned issuer and audience). */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(@Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {
    super({ passReqToCallback: true });
  }

  async validate(request: { headers: Record<string, unknown> }, token: string): Promise<Actor> {
    try {
      const claims = await this.verifier.verify(token);
      const requestId = typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : randomUUID();
      return actorFromClaims(claims, requestId);
    } catch {
      throw new UnauthenticatedError('The bearer token is invalid or expired.');
    }
  }
}
