import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import {
  actorFromClaims,
  ForbiddenRoleError,
  InternalTokenVerifier,
  REQUIRED_ROLES,
  UnauthenticatedError,
  type Actor,
} from '@lawfirm/auth';

export const FIRM_ADMIN_TOKEN_VERIFIER = Symbol('FIRM_ADMIN_TOKEN_VERIFIER');

interface InternalRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/**
 * The `/internal/firms` routes answer only the admin gateway: an internal token it minted for this
 * very request (HS256 under the key the two share, issuer and audience of FIRM_ADMIN_TOKEN), for an
 * operator (actor type `ops`) with one of the route's roles. The routes are @Public() for the
 * gateway's own access-token guard, which this guard replaces on them.
 */
@Injectable()
export class AdminInternalGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(FIRM_ADMIN_TOKEN_VERIFIER) private readonly verifier: InternalTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<InternalRequest>();
    const header = request.headers.authorization;
    const token =
      typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new UnauthenticatedError();
    let actor: Actor;
    try {
      const claims = await this.verifier.verify(token, { method: request.method, url: request.url });
      actor = actorFromClaims(claims, randomUUID());
    } catch {
      throw new UnauthenticatedError('The bearer token is invalid or expired.');
    }
    if (actor.actorType !== 'ops') throw new ForbiddenRoleError(['ops-admin', 'ops-auditor']);
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required?.length && !required.some((role) => actor.roles.includes(role)))
      throw new ForbiddenRoleError(required);
    request.actor = actor;
    return true;
  }
}
