import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import {
  ForbiddenRoleError,
  PUBLIC_ROUTE,
  REQUIRED_ROLES,
  UnauthenticatedError,
  VENDOR_ROUTE,
  VendorNotPermittedError,
  type Actor,
} from '@lawfirm/auth';
import { DomainError, ValidationFailedError } from '@lawfirm/errors';
import { AccessEpochs } from './access-epochs';
import { BearerStrategy } from './bearer.strategy';
import { ALLOW_DURING_TOTP_ENROLMENT, TOTP_ENROLMENT_SCOPE } from './identity.service';
import { RateLimiter } from './rate-limiter';

interface GatewayRequest {
  user?: Actor;
  actor?: Actor;
  query?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A token in the URL ends up in logs, browser history and Referer headers, and would be forwarded
 * upstream with the query: it is refused outright, not just ignored (the strategy reads only the
 * Authorization header either way).
 */
function refuseTokenInQuery(request: GatewayRequest): void {
  const query = request.query;
  if (query && typeof query === 'object' && Object.prototype.hasOwnProperty.call(query, 'access_token'))
    throw new ValidationFailedError(
      [
        {
          field: 'access_token',
          message: 'send the access token as Authorization: Bearer <token>, never in the query string',
        },
      ],
      'Access tokens are accepted only in the Authorization header.',
    );
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      'rate-limited',
      'rate_limited',
      `Too many requests for this token; retry after ${retryAfterSeconds} s.`,
      [],
      {
        retryAfterSeconds,
      },
    );
  }
}

/** Every route needs a valid access token unless marked @Public; then roles, then the per-token rate limit. */
@Injectable()
export class GatewayAuthGuard extends AuthGuard('bearer') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    private readonly bearer: BearerStrategy,
    private readonly epochs: AccessEpochs,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    refuseTokenInQuery(request);
    await super.canActivate(context);
    const actor = request.user;
    if (!actor) throw new UnauthenticatedError();
    await this.refuseRevoked(request);
    request.actor = actor;
    // A partner vendor's token works on the /v1/vendor routes alone (marked @VendorAccess), never on
    // the firm-facing ones: not the proxied service routes, GraphQL or a user's own /v1/me routes.
    if (actor.actorType === 'vendor' && !this.reflector.getAllAndOverride<boolean>(VENDOR_ROUTE, targets))
      throw new VendorNotPermittedError();
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => actor.roles.includes(role)))
      throw new ForbiddenRoleError(required);
    if (
      actor.scopes.includes(TOTP_ENROLMENT_SCOPE) &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_DURING_TOTP_ENROLMENT, targets)
    )
      throw new DomainError(
        'forbidden',
        'totp_enrolment_required',
        'Your firm requires a second factor: enrol with POST /v1/me/totp, confirm with POST /v1/me/totp/confirm, then sign in again with a code.',
      );
    const wait = this.limiter.take(`${actor.firmId}:${actor.subject}`);
    if (wait > 0) throw new RateLimitedError(wait);
    return true;
  }

  /**
   * Checked on every request, not only when a token is first verified, so a revocation applies at
   * once. Here rather than in the strategy: passport keeps one strategy per name for the whole
   * process, while each gateway instance has its own epochs (and hears its own revocations).
   */
  private async refuseRevoked(request: GatewayRequest): Promise<void> {
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!token) throw new UnauthenticatedError();
    // Verified a moment ago: remembered, so this costs a cache look-up.
    const claims = await this.bearer.verify(token);
    if (!(await this.epochs.isCurrent(claims)))
      throw new UnauthenticatedError('The bearer token has been revoked.');
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error instanceof DomainError) throw error;
    if (error || !user) throw new UnauthenticatedError();
    return user;
  }
}
