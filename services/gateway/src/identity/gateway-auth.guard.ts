import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import {
  ForbiddenRoleError,
  PUBLIC_ROUTE,
  REQUIRED_ROLES,
  UnauthenticatedError,
  type Actor,
} from '@lawfirm/auth';
import { DomainError, ValidationFailedError } from '@lawfirm/errors';
import { RateLimiter } from './rate-limiter';

interface GatewayRequest {
  user?: Actor;
  actor?: Actor;
  query?: unknown;
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
    request.actor = actor;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => actor.roles.includes(role)))
      throw new ForbiddenRoleError(required);
    const wait = this.limiter.take(`${actor.firmId}:${actor.subject}`);
    if (wait > 0) throw new RateLimitedError(wait);
    return true;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error instanceof DomainError) throw error;
    if (error || !user) throw new UnauthenticatedError();
    return user;
  }
}
