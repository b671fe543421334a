import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'undici';
import type { Actor } from '@lawfirm/auth';
import { DomainError } from '@lawfirm/errors';
import { outgoingTraceHeaders } from '@lawfirm/observability';
import { IDEMPOTENCY_HEADER } from '@lawfirm/database';
import { REPLAYED_HEADER, SERVICE_CONFIG } from '@lawfirm/platform';
import { DOMAIN_SERVICES } from '@lawfirm/contracts';
import { upstreamUrl, type GatewayConfig, type Upstream } from '../config';
import { InternalTokens } from './internal-tokens';

export interface ForwardRequest {
  method: string;
  /** Path and query string, e.g. `/v1/matters?limit=10`. */
  url: string;
  body?: unknown;
  requestId: string;
  contentType?: string;
  /** The caller's Idempotency-Key: the service claims it in the transaction of the change. */
  idempotencyKey?: string;
}

export interface ForwardResponse {
  status: number;
  contentType: string | undefined;
  body: Buffer;
  /** The service answered a keyed retry with the answer it kept (its Idempotent-Replayed header). */
  replayed?: boolean;
}

export class UpstreamUnavailableError extends DomainError {
  constructor(service: string) {
    super(
      'unavailable',
      'service_unavailable',
      `The ${service} service is not answering; try again shortly.`,
    );
  }
}

/**
 * Keep-alive connection pools to each service; forwards a call with an internal token minted for
 * that one call (its method and URL; the service refuses it for any other, or a second time). Each
 * call carries the request's trace: when spans are exported undici's instrumentation (see
 * startTracing) makes it a client span and sends that span's traceparent; otherwise the request
 * span's traceparent is sent as is (outgoingTraceHeaders), without undici's hooks.
 */
@Injectable()
export class Forwarder implements OnApplicationShutdown {
  private readonly pools: Readonly<Record<Upstream, Pool>>;
  private readonly timeoutMs: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: GatewayConfig,
    private readonly tokens: InternalTokens,
  ) {
    this.timeoutMs = config.UPSTREAM_TIMEOUT_MS;
    const upstreams: Upstream[] = [...DOMAIN_SERVICES, 'admin-gateway'];
    this.pools = Object.fromEntries(
      upstreams.map((service) => [
        service,
        new Pool(upstreamUrl(config, service), { connections: 64, keepAliveTimeout: 30_000, pipelining: 1 }),
      ]),
    ) as Record<Upstream, Pool>;
  }

  async forward(service: Upstream, actor: Actor, request: ForwardRequest): Promise<ForwardResponse> {
    const token = this.tokens.forRequest(actor, service, request);
    return this.send(service, request, {
      authorization: `Bearer ${token}`,
      'x-correlation-id': actor.correlationId,
    });
  }

  /**
   * A call for no caller: only for a route the service itself serves without a token (its secret
   * is in the path, e.g. a calendar feed). Nothing is minted, so the service can grant nothing more.
   */
  async forwardAnonymous(service: Upstream, request: ForwardRequest): Promise<ForwardResponse> {
    return this.send(service, request, { 'x-correlation-id': request.requestId });
  }

  private async send(
    service: Upstream,
    request: ForwardRequest,
    callerHeaders: Record<string, string>,
  ): Promise<ForwardResponse> {
    const hasBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
    // Outside the try below: a body this process cannot serialise is our failure (a 500 with an
    // error id), never "the service is not answering". (The platform refuses bodies nested deeper
    // than MAX_INPUT_DEPTH with 400 before this runs, so JSON.stringify's recursion stays bounded.)
    const payload = hasBody ? JSON.stringify(request.body) : undefined;
    try {
      const response = await this.pools[service].request({
        method: request.method as 'GET',
        path: request.url,
        headers: {
          ...callerHeaders,
          'x-request-id': request.requestId,
          // The request span's traceparent, unless undici's instrumentation sends its client span's.
          ...outgoingTraceHeaders(),
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
          ...(request.idempotencyKey === undefined ? {} : { [IDEMPOTENCY_HEADER]: request.idempotencyKey }),
        },
        body: payload,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      const contentType = response.headers['content-type'];
      return {
        status: response.statusCode,
        contentType: Array.isArray(contentType) ? contentType[0] : contentType,
        body,
        ...(response.headers[REPLAYED_HEADER] === 'true' ? { replayed: true } : {}),
      };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new UpstreamUnavailableError(service);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.close()));
  }
}
