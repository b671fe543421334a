import {
  createParamDecorator,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@lawfirm/errors';
import { randomUUID } from 'node:crypto';
import type { Actor, FirmRole, OpsRole } from './roles';
import type { BoundRequest } from './internal-tokens';
import { actorFromClaims, type TokenClaims } from './tokens';

export const PUBLIC_ROUTE = 'lawfirm:public';
export const REQUIRED_ROLES = 'lawfirm:roles';
export const VENDOR_ROUTE = 'lawfirm:vendor-route';

/** Marks a route that needs no token (health, metrics, the token endpoint). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
/** The caller needs at least one of these roles. */
/** The roles (any one of them) a route needs: firm roles for the gateway's callers, ops roles for the admin gateway's. */
export const RequireRoles = (...roles: ReadonlyArray<FirmRole | OpsRole>): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

/**
 * A route a partner vendor's token may call (it still scopes the vendor to its own work). Every
 * other route refuses vendor callers: a vendor works in a firm's matters only through what the firm
 * assigned it, so no firm-wide read or write is open to it by default.
 */
export const VendorAccess = (): MethodDecorator & ClassDecorator => SetMetadata(VENDOR_ROUTE, true);

export const INTERNAL_TOKEN_VERIFIER = Symbol('INTERNAL_TOKEN_VERIFIER');

/** Checks a bearer token; internal-token verifiers also check it against the request it arrived with. */
export interface BearerTokenVerifier {
  verify(token: string, request: BoundRequest): Promise<TokenClaims>;
}

interface RequestWithActor {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

export class UnauthenticatedError extends DomainError {
  constructor(detail = 'A valid bearer token is required.') {
    super('unauthorized', 'unauthenticated', detail);
  }
}

export class VendorNotPermittedError extends DomainError {
  constructor() {
    super('forbidden', 'vendor_not_permitted', 'Partner vendors cannot use this route.');
  }
}

export class ForbiddenRoleError extends DomainError {
  constructor(roles: string[]) {
    super('forbidden', 'insufficient_role', `This action needs one of the roles: ${roles.join(', ')}.`);
  }
}

/** Authenticates a request with a bearer token checked by the given verifier and stores the actor. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: BearerTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers.authorization;
    const token =
      typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new UnauthenticatedError();
    let claims;
    try {
      claims = await this.verifier.verify(token, request);
    } catch {
      throw new UnauthenticatedError('The bearer token is invalid or expired.');
    }
    const requestId =
      typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : randomUUID();
    request.actor = actorFromClaims(claims, requestId);
    if (
      request.actor.actorType === 'vendor' &&
      !this.reflector.getAllAndOverride<boolean>(VENDOR_ROUTE, targets)
    )
      throw new VendorNotPermittedError();
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => request.actor?.roles.includes(role))) {
      throw new ForbiddenRoleError(required);
    }
    return true;
  }
}

/** The authenticated caller of this request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new UnauthenticatedError();
  return actor;
});
