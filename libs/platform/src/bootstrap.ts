import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createValidationPipe, findUnsafeText, ValidationFailedError } from '@lawfirm/errors';
import {
  enableDefaultMetrics,
  ensureTracing,
  fastifyTracingPlugin,
  httpRequestDuration,
  PinoNestLogger,
  startMetricsListener,
  runReadiness,
  type Logger,
  type ReadinessCheck,
} from '@lawfirm/observability';
import { DataSource } from 'typeorm';
import { currentTraceparent, traceFieldsOf } from '@lawfirm/messaging';
import { MessagingRuntime } from './messaging-runtime';
import { KafkaInboxTransport } from '@lawfirm/messaging';
import { buildOpenApi, type OpenApiMeta } from './openapi';
import { answerFrameworkError, MAX_PATH_PARAM_LENGTH, refuseWhileClosing } from './framework-errors';
import { registerIdempotentAnswers } from './idempotency';
import { clientRequestIdOf, mintRequestId, rememberClientRequestId } from './request-id';

export interface StartOptions {
  service: string;
  module: unknown;
  logger: Logger;
  port: number;
  host?: string;
  openapi?: OpenApiMeta;
  bodyLimitBytes?: number;
  /**
   * Proxies (IPs/CIDRs) whose X-Forwarded-For is believed for `request.ip` (the config's
   * TRUSTED_PROXIES). None: the peer address, so a caller cannot choose the address audited.
   */
  trustedProxies?: readonly string[];
  /**
   * The separate metrics listener (config METRICS_PORT / METRICS_HOST); none when the port is
   * unset. The API's listener does not serve /metrics.
   */
  metricsPort?: number;
  metricsHost?: string;
  /**
   * Who may read this process's /openapi.json: called before the document is served, throws
   * (e.g. UnauthenticatedError) to refuse. Unset: anyone (services sit behind the gateways).
   */
  openApiAccess?: (app: NestFastifyApplication) => (request: FastifyRequest) => Promise<void>;
  /** Extra readiness checks beyond the database and the broker. */
  readiness?: (app: INestApplication) => Record<string, ReadinessCheck>;
  /** Serve this service's own OpenAPI document at /openapi.json (the gateway serves a merged one instead). */
  serveOwnOpenApi?: boolean;
  /**
   * Called once each response has been sent — routed requests and the router's own refusals
   * (414, bad URL), which run no hooks — e.g. the gateways' request audit.
   */
  onResponse?: (
    app: NestFastifyApplication,
  ) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Called with the Fastify app before listening (e.g. to add plugins). */
  configure?: (app: NestFastifyApplication) => Promise<void> | void;
}

export async function createServiceApp(options: StartOptions): Promise<NestFastifyApplication> {
  enableDefaultMetrics(options.service);
  // Started by the service's main.ts before anything was loaded; an app booted inside another
  // program (a test) gets trace context without instrumented modules.
  const tracing = ensureTracing(options.service);
  const routerRefusalListeners: Array<(request: FastifyRequest, reply: FastifyReply) => Promise<void>> = [];
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // Always ours: a caller's X-Request-Id is kept as its client request id (see request-id.ts).
    genReqId: mintRequestId,
    // The router's own refusals (over-long path parameter, bad percent-encoding) as problem+json.
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // The router's refusals run no hooks: remember the caller's request id and tell the response listeners here.
    frameworkErrors: (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      rememberClientRequestId(request, request.headers['x-request-id']);
      reply.raw.once('finish', () => {
        for (const listener of routerRefusalListeners) void listener(request, reply);
      });
      answerFrameworkError(error, request, reply);
    },
    trustProxy: options.trustedProxies?.length ? [...options.trustedProxies] : false,
    // Fastify's answer while closing is a fixed plain-JSON 503; refuseWhileClosing answers problem+json.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module as never, adapter, {
    logger: new PinoNestLogger(options.logger),
    bufferLogs: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  // A hybrid app: HTTP, plus the feature consumers' @EventPattern handlers served over Kafka.
  app.connectMicroservice({ strategy: new KafkaInboxTransport(app.get(MessagingRuntime)) });
  const fastify = app.getHttpAdapter().getInstance();
  // Each request is a span of the caller's trace (or starts one), and its handler runs inside it:
  // the gateway's calls to a service and the events a request writes to the outbox carry it on.
  // First, so that the hooks below run inside the request's span.
  await fastify.register(fastifyTracingPlugin());
  fastify.addHook('onClose', () => tracing.flush());
  fastify.addHook('onRequest', async (request, reply) => {
    rememberClientRequestId(request, request.headers['x-request-id']);
    request.headers['x-request-id'] = request.id;
    void reply.header('x-request-id', request.id);
    // The request's own span from here on, for what reads it after the span has ended (the
    // request log below, the gateway's request audit).
    request.headers.traceparent = currentTraceparent() ?? request.headers.traceparent;
  });
  refuseWhileClosing(fastify);
  registerIdempotentAnswers(fastify, () => app.get(DataSource));
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const duration = reply.elapsedTime;
    httpRequestDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      duration / 1000,
    );
    if (route === '/healthz' || route === '/readyz' || route === '/metrics') return;
    options.logger.info(
      {
        requestId: request.id,
        ...(clientRequestIdOf(request) ? { clientRequestId: clientRequestIdOf(request) } : {}),
        correlationId: request.headers['x-correlation-id'] ?? request.id,
        // The request's span (the span active here may be another's).
        ...traceFieldsOf(request.headers.traceparent as string | undefined),
        method: request.method,
        route,
        status: reply.statusCode,
        durationMs: Math.round(duration),
      },
      'request completed',
    );
  });
  // Every route's parsed input, before any handler or pipe sees it: also routes that skip the
  // ValidationPipe (timekeeping's batch import) and the gateways' token endpoints.
  fastify.addHook('preValidation', async (request) => {
    const unsafe = findUnsafeText(request.query) ?? findUnsafeText(request.body);
    if (unsafe) throw new ValidationFailedError([unsafe]);
  });
  if (options.onResponse) {
    const listener = options.onResponse(app);
    fastify.addHook('onResponse', listener);
    routerRefusalListeners.push(listener);
  }
  registerOperationalRoutes(app, options);
  if (options.metricsPort !== undefined) {
    const metrics = await startMetricsListener(options.metricsPort, options.metricsHost);
    fastify.addHook('onClose', () => metrics.close());
    options.logger.info({ metricsPort: metrics.port }, `${options.service} metrics listening`);
  }
  await options.configure?.(app);
  return app;
}

function registerOperationalRoutes(app: NestFastifyApplication, options: StartOptions): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/healthz', async () => ({ status: 'ok', service: options.service }));
  fastify.get('/readyz', async (_request, reply) => {
    const checks: Record<string, ReadinessCheck> = {
      database: async () => {
        await app.get(DataSource).query('SELECT 1');
      },
      broker: () => app.get(MessagingRuntime).checkBroker(),
      ...(options.readiness?.(app) ?? {}),
    };
    const report = await runReadiness(checks);
    return reply.status(report.status === 'ready' ? 200 : 503).send({ service: options.service, ...report });
  });
  if (options.serveOwnOpenApi === false) return;
  let document: OpenAPIObject | undefined;
  const checkAccess = options.openApiAccess?.(app);
  fastify.get('/openapi.json', async (request) => {
    await checkAccess?.(request);
    document ??= buildOpenApi(app, options);
    return document;
  });
}

export async function startServiceApp(options: StartOptions): Promise<NestFastifyApplication> {
  const app = await createServiceApp(options);
  await app.init();
  await app.startAllMicroservices();
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  options.logger.info({ port: options.port }, `${options.service} listening`);
  return app;
}

/**
 * Entry point helper: builds options (config errors stop the process with the variable
 * named), starts the app, and exits non-zero on a start-up failure.
 */
export function runService(build: () => StartOptions): void {
  let options: StartOptions;
  try {
    options = build();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(78);
  }
  startServiceApp(options).catch((error: unknown) => {
    options.logger.fatal(
      { err: error instanceof Error ? { message: error.message, stack: error.stack } : error },
      'start-up failed',
    );
    process.exit(1);
  });
}
