import { createLocalJWKSet, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { Actor, ActorKind } from './roles';
import { TOKEN_ALGORITHM, type SigningKey } from './keys';

export interface TokenClaims {
  firmId: string;
  subject: string;
  actorType: ActorKind;
  roles: string[];
  scopes: string[];
  requestId?: string;
  correlationId?: string;
}

interface PlatformPayload extends JWTPayload {
  firm_id: string;
  act: ActorKind;
  roles: string[];
  scope: string;
  rid?: string;
  cid?: string;
}

/** Signs tokens with one key: access tokens for callers and short-lived internal tokens for services. */
export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    readonly issuer: string,
  ) {}

  async sign(audience: string, claims: TokenClaims, ttlSeconds: number): Promise<string> {
    const payload: PlatformPayload = {
      firm_id: claims.firmId,
      act: claims.actorType,
      roles: claims.roles,
      scope: claims.scopes.join(' '),
      ...(claims.requestId ? { rid: claims.requestId } : {}),
      ...(claims.correlationId ? { cid: claims.correlationId } : {}),
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: this.key.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(claims.subject)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key.privateKey);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.key.publicJwk] };
  }
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** Verifies with a pinned algorithm, issuer and audience; anything else is refused. */
export class TokenVerifier {
  private readonly keySet: ReturnType<typeof createLocalJWKSet>;

  constructor(
    jwks: { keys: JWK[] },
    private readonly issuer: string,
    private readonly audience: string,
  ) {
    this.keySet = createLocalJWKSet(jwks);
  }

  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify<PlatformPayload>(token, this.keySet, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['exp', 'sub', 'iat'],
        clockTolerance: 5,
      });
      if (typeof payload.firm_id !== 'string' || !Array.isArray(payload.roles)) {
        throw new InvalidTokenError('token lacks firm or roles');
      }
      return {
        firmId: payload.firm_id,
        subject: payload.sub as string,
        actorType: payload.act,
        roles: payload.roles,
        scopes: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
        ...(payload.rid ? { requestId: payload.rid } : {}),
        ...(payload.cid ? { correlationId: payload.cid } : {}),
      };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
    }
  }
}

export function actorFromClaims(claims: TokenClaims, fallbackRequestId: string): Actor {
  const requestId = claims.requestId ?? fallbackRequestId;
  return {
    firmId: claims.firmId,
    subject: claims.subject,
    actorType: claims.actorType,
    roles: claims.roles,
    scopes: claims.scopes,
    requestId,
    correlationId: claims.correlationId ?? requestId,
  };
}
