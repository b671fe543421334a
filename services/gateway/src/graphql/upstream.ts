import { createHash } from 'node:crypto';
import type { Actor } from '@lawfirm/auth';
import type { DomainServiceName } from '@lawfirm/contracts';
import { DomainError } from '@lawfirm/errors';
import type { ForwardResponse, Forwarder } from '../proxy/forwarder.service';
import { GraphqlOperationError } from './graphql.errors';

interface ProblemBody {
  code?: unknown;
  detail?: unknown;
  title?: unknown;
  errors?: unknown;
}

/**
 * The REST calls one GraphQL request makes, through the same forwarder (and so the same
 * per-call internal tokens, firm scoping and service-side audit) as `/v1`. Counts the calls per
 * service (answered in `extensions.upstreamCalls`, which the N+1 test reads) and derives a key per
 * write from the caller's Idempotency-Key, so a retried mutation is claimed by the service again.
 */
export class UpstreamCalls {
  readonly counts: Partial<Record<DomainServiceName, number>> = {};
  /** A call failed with a 5xx or no answer: a keyed operation stays in doubt. */
  inDoubt = false;
  private writes = 0;

  constructor(
    private readonly forwarder: Forwarder,
    readonly actor: Actor,
    private readonly requestId: string,
    private readonly idempotencyKey?: string,
  ) {}

  async get<T>(service: DomainServiceName, url: string): Promise<T> {
    return this.call<T>(service, 'GET', url);
  }

  /** A GET whose 404 means "none" (a matter without a fee arrangement, another firm's id). */
  async find<T>(service: DomainServiceName, url: string): Promise<T | null> {
    try {
      return await this.call<T>(service, 'GET', url);
    } catch (error) {
      if (error instanceof GraphqlOperationError && error.status === 404) return null;
      throw error;
    }
  }

  async write<T>(
    service: DomainServiceName,
    method: 'POST' | 'PATCH',
    url: string,
    body?: unknown,
  ): Promise<T> {
    this.writes += 1;
    const key =
      this.idempotencyKey === undefined
        ? undefined
        : // Printable ASCII, ≤255, the same for the n-th write of a retried operation.
          `gql.${createHash('sha256').update(`${this.idempotencyKey}\n${this.writes}`).digest('base64url')}`;
    return this.call<T>(service, method, url, body, key);
  }

  private async call<T>(
    service: DomainServiceName,
    method: string,
    url: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    this.counts[service] = (this.counts[service] ?? 0) + 1;
    let response: ForwardResponse;
    try {
      response = await this.forwarder.forward(service, this.actor, {
        method,
        url,
        body,
        requestId: this.requestId,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      });
    } catch (error) {
      this.inDoubt = true;
      if (error instanceof DomainError)
        throw new GraphqlOperationError(error.message, error.code, 503, error.fieldErrors);
      throw error;
    }
    if (response.status >= 500) this.inDoubt = true;
    const parsed = parseJson(response.body);
    if (response.status >= 400) throw problemToError(response.status, parsed);
    return parsed as T;
  }
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A service's problem+json as a GraphQL error with the same stable code and field errors. */
function problemToError(status: number, body: unknown): GraphqlOperationError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody;
  const code = typeof problem.code === 'string' ? problem.code : `http_${status}`;
  const message =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.title === 'string'
        ? problem.title
        : `The service answered ${status}.`;
  const fieldErrors = Array.isArray(problem.errors)
    ? problem.errors.filter(
        (item): item is { field: string; message: string } =>
          typeof item === 'object' &&
          item !== null &&
          typeof (item as { field?: unknown }).field === 'string' &&
          typeof (item as { message?: unknown }).message === 'string',
      )
    : [];
  return new GraphqlOperationError(message, code, status, fieldErrors);
}
