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
import { FIRM_ADMIN_TOKEN } from '@lawfirm/contracts';

export const OPERATOR_TOKEN_VERIFIER = Symbol('VENDOR_OPERATOR_TOKEN_VERIFIER');

/**
 * The admin gateway's internal tokens, as firm onboarding takes them: HS256 under the key the two
 * gateways share (ADMIN_GATEWAY_INTERNAL_TOKEN_KEY here, INTERNAL_TOKEN_KEY there), issuer the admin
 * gateway, audience the gateway — so a token minted for the other direction never passes.
 */
export const OPERATOR_TOKEN = FIRM_ADMIN_TOKEN;

interface InternalRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/**
 * The `/internal/vendors` routes answer only the admin gateway: a token minted for this very request,
 * for an operator (actor type `ops`) holding one of the route's roles. The routes are @Public() for
 * the gateway's own access-token guard, which this guard replaces on them.
 */
@Injectable()
export class OperatorAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(OPERATOR_TOKEN_VERIFIER) private readonly verifier: InternalTokenVerifier,
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
