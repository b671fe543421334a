import { Inject, Injectable } from '@nestjs/common';
import { InternalTokenMinter, type Actor } from '@lawfirm/auth';
import { ACCESS_REASON_HEADER_NAME, FIRM_ADMIN_TOKEN, PLATFORM_FIRM_ID } from '@lawfirm/contracts';
import { DomainError, type DomainErrorKind, type FieldError } from '@lawfirm/errors';

export const GATEWAY_INTERNAL_TARGET = Symbol('GATEWAY_INTERNAL_TARGET');

/** Where the gateway is and the key the two gateways share (this gateway's INTERNAL_TOKEN_KEY). */
export interface GatewayInternalTarget {
  baseUrl: string | undefined;
  internalTokenKey: string;
}

/** How long a call to the gateway may take before operations get 503. */
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

export interface GatewayCallOptions {
  /** The operator's stated reason, sent as X-Access-Reason. */
  reason?: string;
  body?: unknown;
  /** The problem a 404 becomes (e.g. naming the firm asked for); else the gateway's own. */
  notFound?: () => DomainError;
}

/**
 * Calls the gateway's `/internal/*` routes (the gateway owns firms, users, vendor organisations and
 * their keys) with an internal token minted for each request: HS256 under the key the two gateways
 * share, issuer and audience FIRM_ADMIN_TOKEN, bound to the method and path, the operator as an
 * `ops` subject with their roles. The gateway's 4xx answers come back to the operator as the same
 * problem (code, detail, field errors); no answer, or any other status, is 503 gateway_unavailable.
 */
@Injectable()
export class GatewayInternalService {
  private readonly minter: InternalTokenMinter;

  constructor(@Inject(GATEWAY_INTERNAL_TARGET) private readonly target: GatewayInternalTarget) {
    this.minter = new InternalTokenMinter(
      target.internalTokenKey,
      FIRM_ADMIN_TOKEN.issuer,
      FIRM_ADMIN_TOKEN.audience,
    );
  }

  /** `url` is the gateway's path, e.g. `/internal/firms/<id>/suspend`. */
  async call<T>(
    operator: Actor,
    method: 'GET' | 'POST',
    url: string,
    options: GatewayCallOptions = {},
  ): Promise<T> {
    if (!this.target.baseUrl)
      throw new GatewayUnavailableError('No gateway is configured (GATEWAY_URL or HEALTH_TARGETS gateway=).');
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
    if (response.status === 404 && options.notFound) throw options.notFound();
    throw problemFrom(response.status, text, `${method} ${url}`);
  }
}

function problemFrom(status: number, text: string, call: string): DomainError {
  let body: { code?: unknown; detail?: unknown; errors?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not a problem document: answered by status alone.
  }
  const kind = KIND_BY_STATUS[status];
  if (!kind) return new GatewayUnavailableError(`The gateway answered ${status} to ${call}.`);
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
