import { Inject, Injectable } from '@nestjs/common';
import { InternalTokenMinter, type Actor } from '@lawfirm/auth';
import { ACCESS_REASON_HEADER_NAME, FIRM_ADMIN_TOKEN, PLATFORM_FIRM_ID } from '@lawfirm/contracts';
import { DomainError, type DomainErrorKind, type FieldError } from '@lawfirm/errors';

export const GATEWAY_VENDORS_TARGET = Symbol('GATEWAY_VENDORS_TARGET');

/** The gateway's internal routes behind `/admin/vendors`. */
const INTERNAL_VENDORS_PATH = '/internal/vendors';

/** Where the gateway is and the key the two gateways share (this gateway's INTERNAL_TOKEN_KEY). */
export interface GatewayVendorsTarget {
  baseUrl: string | undefined;
  internalTokenKey: string;
}

const TIMEOUT_MS = 15_000;

const KIND_BY_STATUS: Partial<Record<number, DomainErrorKind>> = {
  400: 'validation',
  404: 'not-found',
  409: 'conflict',
  422: 'unprocessable',
};

export class GatewayUnavailableError extends DomainError {
  constructor(detail: string) {
    super('unavailable', 'gateway_unavailable', detail);
  }
}

/**
 * Calls the gateway's `/internal/vendors` routes (the gateway owns vendor organisations and keys) the
 * way firm administration calls `/internal/firms`: an internal token minted per request (HS256 under
 * the key the two gateways share, FIRM_ADMIN_TOKEN's issuer and audience, the operator as an `ops`
 * subject), the operator's reason in X-Access-Reason; the gateway's 4xx comes back as the same problem.
 */
@Injectable()
export class GatewayVendorsClient {
  private readonly minter: InternalTokenMinter;

  constructor(@Inject(GATEWAY_VENDORS_TARGET) private readonly target: GatewayVendorsTarget) {
    this.minter = new InternalTokenMinter(
      target.internalTokenKey,
      FIRM_ADMIN_TOKEN.issuer,
      FIRM_ADMIN_TOKEN.audience,
    );
  }

  async call<T>(
    operator: Actor,
    method: 'GET' | 'POST',
    path: string,
    options: { reason?: string; body?: unknown } = {},
  ): Promise<T> {
    if (!this.target.baseUrl)
      throw new GatewayUnavailableError('No gateway is configured (GATEWAY_URL or HEALTH_TARGETS gateway=).');
    const url = `${INTERNAL_VENDORS_PATH}${path}`;
    const token = this.minter.mint(
      {
        firmId: PLATFORM_FIRM_ID,
        subject: operator.subject,
        actorType: 'ops',
        roles: operator.roles,
        scopes: [],
        requestId: operator.requestId,
        correlationId: operator.correlationId,
      },
      { method, url },
    );
    let response: Response;
    try {
      response = await fetch(`${this.target.baseUrl}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'x-request-id': operator.requestId,
          ...(options.reason ? { [ACCESS_REASON_HEADER_NAME]: options.reason } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new GatewayUnavailableError(
        `The gateway did not answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    throw problemFrom(response.status, text);
  }
}

function problemFrom(status: number, text: string): DomainError {
  let body: { code?: unknown; detail?: unknown; errors?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not a problem document: answered by status alone.
  }
  const kind = KIND_BY_STATUS[status];
  if (!kind) return new GatewayUnavailableError(`The gateway answered ${status} to a vendor operation.`);
  const fieldErrors = Array.isArray(body.errors)
    ? (body.errors as unknown[]).filter(
        (item): item is FieldError =>
          typeof (item as FieldError)?.field === 'string' &&
          typeof (item as FieldError)?.message === 'string',
      )
    : [];
  return new DomainError(
    kind,
    typeof body.code === 'string' ? body.code : `gateway_${status}`,
    typeof body.detail === 'string' ? body.detail : `The gateway answered ${status}.`,
    fieldErrors,
  );
}
