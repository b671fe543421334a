import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
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

/** A request body passed on as it arrives (a multipart upload), never parsed or buffered. */
export interface StreamedRequestBody {
  stream: Readable;
  contentType: string;
  /** The caller's declared length, passed on so the service can refuse an oversized file at once. */
  contentLength?: string;
}

export interface RelayRequest extends Omit<ForwardRequest, 'body'> {
  /** A JSON body, sent as today; or a streamed one. */
  body?: unknown;
  streamedBody?: StreamedRequestBody;
}

/**
 * A service's answer as relayed to the caller: a JSON (or problem+json) answer buffered exactly as
 * `forward` does; any other (a download, a CSV, a PDF) streamed with its file headers.
 */
export interface RelayedResponse {
  status: number;
  /** The headers passed on to the caller (lower-case names). */
  headers: Record<string, string>;
  body: Buffer | Readable;
  replayed?: boolean;
}

/** Headers of a file answer that the caller needs: what it is, how long, what to save it as, its version. */
const FILE_RESPONSE_HEADERS = ['content-type', 'content-length', 'content-disposition', 'etag'] as const;

const isJson = (contentType: string | undefined): boolean =>
  /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType ?? '');

/** The body was cut off by the gateway's own limit while it streamed (preParsing's 413), not by the service. */
function tooLargeError(error: unknown): Error | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') return cause;
  }
  return undefined;
}

const headerValue = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

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

  /**
   * Like `forward`, for a request the caller does not retry under a key: a multipart body is piped
   * to the service as it arrives, and a non-JSON answer is piped back as it arrives, so neither
   * sits whole in the gateway's memory.
   */
  async relay(service: Upstream, actor: Actor, request: RelayRequest): Promise<RelayedResponse> {
    const token = this.tokens.forRequest(actor, service, request);
    const response = await this.dispatch(service, request, {
      authorization: `Bearer ${token}`,
      'x-correlation-id': actor.correlationId,
    });
    const contentType = headerValue(response.headers['content-type']);
    const replayed = response.headers[REPLAYED_HEADER] === 'true' ? { replayed: true } : {};
    if (isJson(contentType) || request.method === 'HEAD') {
      const body = await this.bufferBody(service, response);
      return {
        status: response.statusCode,
        headers: contentType ? { 'content-type': contentType } : {},
        body,
        ...replayed,
      };
    }
    const headers: Record<string, string> = {};
    for (const name of FILE_RESPONSE_HEADERS) {
      const value = headerValue(response.headers[name]);
      if (value !== undefined) headers[name] = value;
    }
    return { status: response.statusCode, headers, body: response.body, ...replayed };
  }

  private async send(
    service: Upstream,
    request: ForwardRequest,
    callerHeaders: Record<string, string>,
  ): Promise<ForwardResponse> {
    const response = await this.dispatch(service, request, callerHeaders);
    const body = await this.bufferBody(service, response);
    const contentType = headerValue(response.headers['content-type']);
    return {
      status: response.statusCode,
      contentType,
      body,
      ...(response.headers[REPLAYED_HEADER] === 'true' ? { replayed: true } : {}),
    };
  }

  private async bufferBody(service: Upstream, response: Dispatcher.ResponseData): Promise<Buffer> {
    try {
      return Buffer.from(await response.body.arrayBuffer());
    } catch {
      throw new UpstreamUnavailableError(service);
    }
  }

  private async dispatch(
    service: Upstream,
    request: RelayRequest,
    callerHeaders: Record<string, string>,
  ): Promise<Dispatcher.ResponseData> {
    const streamed = request.streamedBody;
    const hasJsonBody =
      streamed === undefined &&
      request.body !== undefined &&
      request.method !== 'GET' &&
      request.method !== 'HEAD';
    // Outside the try below: a body this process cannot serialise is our failure (a 500 with an
    // error id), never "the service is not answering". (The platform refuses bodies nested deeper
    // than MAX_INPUT_DEPTH with 400 before this runs, so JSON.stringify's recursion stays bounded.)
    const payload = hasJsonBody ? JSON.stringify(request.body) : undefined;
    const bodyHeaders: Record<string, string> = streamed
      ? {
          'content-type': streamed.contentType,
          ...(streamed.contentLength === undefined ? {} : { 'content-length': streamed.contentLength }),
        }
      : hasJsonBody
        ? { 'content-type': 'application/json' }
        : {};
    try {
      return await this.pools[service].request({
        method: request.method as 'GET',
        path: request.url,
        headers: {
          ...callerHeaders,
          'x-request-id': request.requestId,
          // The request span's traceparent, unless undici's instrumentation sends its client span's.
          ...outgoingTraceHeaders(),
          ...bodyHeaders,
          ...(request.idempotencyKey === undefined ? {} : { [IDEMPOTENCY_HEADER]: request.idempotencyKey }),
        },
        body: streamed ? streamed.stream : payload,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (error) {
      // The caller's body outgrew the route's limit while it streamed: the caller's 413.
      const tooLarge = tooLargeError(error);
      if (tooLarge) throw tooLarge;
      if (error instanceof DomainError) throw error;
      throw new UpstreamUnavailableError(service);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.close()));
  }
}
