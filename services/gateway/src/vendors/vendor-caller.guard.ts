import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthenticatedError, type Actor, type VendorScope } from '@lawfirm/auth';
import { DomainError } from '@lawfirm/errors';
import { VendorScopeMissingError } from './vendor.exception';
import { VendorsService } from './vendors.service';

const VENDOR_SCOPE = 'lawfirm:vendor-scope';

/** The scope of the vendor's key a vendor route needs. */
export const NeedsVendorScope = (scope: VendorScope): MethodDecorator => SetMetadata(VENDOR_SCOPE, scope);

export class NotAVendorError extends DomainError {
  constructor() {
    super('forbidden', 'vendor_only', 'Only partner vendors use the /v1/vendor routes.');
  }
}

/**
 * The /v1/vendor routes: after the gateway's guard verified the access token, the caller must be a
 * vendor whose token no key revocation has outdated (read at every request), holding the route's scope.
 */
@Injectable()
export class VendorCallerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly vendors: VendorsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ actor?: Actor; headers: Record<string, unknown> }>();
    const actor = request.actor;
    if (!actor) throw new UnauthenticatedError();
    if (actor.actorType !== 'vendor') throw new NotAVendorError();
    await this.vendors.assertCurrent(actor, tokenEpoch(request.headers.authorization));
    const scope = this.reflector.get<VendorScope | undefined>(VENDOR_SCOPE, context.getHandler());
    if (scope && !actor.scopes.includes(scope)) throw new VendorScopeMissingError(scope);
    return true;
  }
}

/** The subject epoch of a token the gateway's guard already verified (read without verifying again). */
function tokenEpoch(header: unknown): number {
  const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  try {
    const payload = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString()) as {
      rev?: unknown;
    };
    return Array.isArray(payload.rev) && Number.isSafeInteger(payload.rev[0])
      ? (payload.rev[0] as number)
      : 0;
  } catch {
    return 0;
  }
}
