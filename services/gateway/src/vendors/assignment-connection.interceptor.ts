import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { from, switchMap, type Observable } from 'rxjs';
import type { Actor } from '@lawfirm/auth';
import { DomainError } from '@lawfirm/errors';
import { VendorConnectionsService } from './vendor-connections.service';

/** Docket's assignment route, as the gateway forwards it. */
const ASSIGNMENT = /^\/v1\/matters\/[^/?]+\/work-orders\/?$/;

export class VendorNotConnectedError extends DomainError {
  constructor(vendorId: string) {
    super(
      'unprocessable',
      'vendor_not_connected',
      `Vendor ${vendorId} is not connected to your firm: connect it first (POST /v1/vendor-connections).`,
      [{ field: 'vendorId', message: 'the vendor must be connected to your firm' }],
    );
  }
}

/**
 * Work orders go only to vendors the firm has connected: the gateway owns the connections, so it
 * checks an assignment (POST /v1/matters/:matterId/work-orders) against them at request time, after
 * authentication and before docket is called. A vendorId that is no UUID is left to docket's 400.
 */
@Injectable()
export class AssignmentConnectionInterceptor implements NestInterceptor {
  constructor(private readonly connections: VendorConnectionsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context
      .switchToHttp()
      .getRequest<{ method?: string; url?: string; body?: unknown; actor?: Actor }>();
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (request.method !== 'POST' || !ASSIGNMENT.test(path) || !request.actor) return next.handle();
    const vendorId = (request.body as { vendorId?: unknown } | null | undefined)?.vendorId;
    if (typeof vendorId !== 'string' || !isUUID(vendorId)) return next.handle();
    const firmId = request.actor.firmId;
    return from(this.connections.isConnected(firmId, vendorId)).pipe(
      switchMap((connected) => {
        if (!connected) throw new VendorNotConnectedError(vendorId);
        return next.handle();
      }),
    );
  }
}
