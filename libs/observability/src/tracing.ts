import { context, propagation, trace } from '@opentelemetry/api';
import type { FastifyOtelInstrumentation } from '@fastify/otel';
import type { FastifyPluginCallback } from 'fastify';
import type { IdGenerator, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ContextOnlyTracerProvider } from './context-only-tracer';

/*
 * The OpenTelemetry packages are loaded only by a process that starts tracing (a service, not a
 * unit test or a CLI that merely imports this library): together they take ~300 ms and ~35 MB.
 * The Node SDK and the OTLP exporter (~17 MB of them) only when spans are exported.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
function loadTracer() {
  return {
    ...(require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace')),
    ...(require('@opentelemetry/core') as typeof import('@opentelemetry/core')),
    ...(require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks')),
    ...(require('@fastify/otel') as typeof import('@fastify/otel')),
  };
}
function loadExportingSdk() {
  return {
    ...(require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node')),
    ...(require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')),
  };
}
function loadInstrumentations() {
  return {
    ...(require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http')),
    ...(require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg')),
    ...(require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici')),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Probes and scrapes: answered often, never worth a span. */
const OPERATIONAL_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

export interface TracingOptions {
  /**
   * Where finished spans go, instead of what the environment says (OTLP over HTTP when
   * `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, nowhere
   * otherwise). Tests pass an in-memory exporter's processor.
   */
  spanProcessors?: SpanProcessor[];
  /**
   * Patch modules as they are loaded (the default): undici, http and pg, when spans are exported.
   * Off for a process that only needs trace context (an app booted inside a test, a consumer
   * built by hand): Fastify request spans and Kafka header propagation still work. Without the
   * undici patch, callers that send requests put `outgoingTraceHeaders()` on them.
   */
  instrument?: boolean;
}

/** The process's tracing, as started by the first call of `startTracing`. */
export interface Tracing {
  readonly serviceName: string;
  /** Spans leave the process: an OTLP endpoint is configured, or span processors were given. */
  readonly exporting: boolean;
  /** Exports what is buffered (e.g. before the process exits). */
  flush(): Promise<void>;
  /** Flushes, unpatches the instrumented modules and unregisters the SDK; tracing may start again. */
  shutdown(): Promise<void>;
}

interface Started extends Tracing {
  /** undici's instrumentation is on: it makes each outgoing call a client span and sends its traceparent. */
  readonly undiciPatched: boolean;
  /** The Fastify plugin that makes each request a span (a no-op when tracing is switched off). */
  fastifyPlugin(): FastifyPluginCallback;
}

let started: Started | undefined;

/**
 * Starts OpenTelemetry for this process: W3C trace context over an AsyncLocalStorage context
 * manager, parent-based always-on sampling (`OTEL_TRACES_SAMPLER` may change it), and the
 * Fastify, undici, http and pg instrumentations. Spans go to OTLP (HTTP) when an endpoint is
 * configured. Without one nothing is exported and only the spans that carry context are made
 * (Fastify's request and handler spans; no module is patched, so not undici's, http's or pg's), as
 * non-recording spans that carry ids only (see ContextOnlyTracer): trace ids still flow into
 * logs, outgoing calls and events.
 *
 * Call it before anything loads http, pg, undici or Fastify (the first import of a service's
 * main.ts): the instrumentations patch those modules as they are required. The first call wins;
 * later calls return the tracing already started.
 */
export function startTracing(serviceName: string, options: TracingOptions = {}): Tracing {
  return started ?? start(serviceName, options);
}

/** `OTEL_SDK_DISABLED=true` (OpenTelemetry's own switch): no spans, no trace context, nothing loaded. */
function switchedOff(serviceName: string): Started {
  const handle: Started = {
    serviceName,
    exporting: false,
    undiciPatched: false,
    fastifyPlugin: () => ((_instance, _options, done) => done()) as FastifyPluginCallback,
    flush: async () => undefined,
    shutdown: async () => {
      if (started === handle) started = undefined;
    },
  };
  started = handle;
  return handle;
}

function start(serviceName: string, options: TracingOptions): Started {
  if (process.env.OTEL_SDK_DISABLED === 'true' && !options.spanProcessors) return switchedOff(serviceName);
  const sdk = loadTracer();
  const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporting = options.spanProcessors !== undefined || !!endpoint;
  const spanProcessors =
    options.spanProcessors ??
    (endpoint
      ? [new sdk.BatchSpanProcessor({ exporter: new (loadExportingSdk().OTLPTraceExporter)() })]
      : []);
  const fastify = new sdk.FastifyOtelInstrumentation({
    // Registered by createServiceApp on each app (not on every Fastify instance the process makes).
    registerOnInitialization: false,
    // A span per request and one for its handler; one per hook would mostly time our own hooks.
    instrumentHooks: false,
    ignorePaths: (route) => OPERATIONAL_PATHS.has(route.url),
    // Named after the route, as HTTP spans are (Nest's handlers are anonymous functions).
    requestHook: (span, request) =>
      span.updateName(`${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`),
    lifecycleHook: (span, { hookName, request }) =>
      span.updateName(`${hookName} ${request.routeOptions.url ?? ''}`),
  });
  const patching = options.instrument === false ? [] : patchingInstrumentations(exporting);
  const instrumentations = [fastify, ...patching];
  const ids: IdGenerator = new sdk.RandomIdGenerator();
  const sdkShutdown = exporting
    ? startNodeSdk(serviceName, ids, spanProcessors, instrumentations)
    : startLocalTracer(sdk, ids, instrumentations);
  const flush = async (): Promise<void> => {
    await Promise.all(spanProcessors.map((processor) => processor.forceFlush()));
  };
  const handle: Started = {
    serviceName,
    exporting,
    undiciPatched: patching.length > 0,
    fastifyPlugin: () => fastify.plugin() as FastifyPluginCallback,
    flush,
    shutdown: async () => {
      if (started !== handle) return;
      started = undefined;
      for (const instrumentation of instrumentations) instrumentation.disable();
      await sdkShutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  started = handle;
  return handle;
}

type Instrumentation = FastifyOtelInstrumentation | ReturnType<typeof patchingInstrumentations>[number];

/** Spans leave the process: the Node SDK, with the service's resource. */
function startNodeSdk(
  serviceName: string,
  ids: IdGenerator,
  spanProcessors: SpanProcessor[],
  instrumentations: Instrumentation[],
): () => Promise<void> {
  const sdk = { ...loadTracer(), ...loadExportingSdk() };
  const node = new sdk.NodeSDK({
    serviceName,
    textMapPropagator: new sdk.W3CTraceContextPropagator(),
    idGenerator: ids,
    spanProcessors,
    instrumentations,
    // Metrics are prom-client's and logs pino's: no OTLP for either.
    metricReaders: [],
    logRecordProcessors: [],
  });
  node.start();
  return () => node.shutdown();
}

/**
 * Nothing leaves the process: a context manager, the propagator and a tracer whose spans only
 * carry context (span ids, so requests without a traceparent still leave logs and events traced),
 * without the Node SDK. A sampler chosen with `OTEL_TRACES_SAMPLER` gets the SDK's tracer, which
 * applies it to the flags passed on; without one, the sampled flag is what the SDK's default
 * (parent-based, always on) would give.
 */
function startLocalTracer(
  sdk: ReturnType<typeof loadTracer>,
  ids: IdGenerator,
  instrumentations: Instrumentation[],
): () => Promise<void> {
  const sdkProvider = process.env.OTEL_TRACES_SAMPLER
    ? new sdk.TracerProvider({ idGenerator: ids, spanProcessors: [new sdk.NoopSpanProcessor()] })
    : undefined;
  const provider = sdkProvider ?? new ContextOnlyTracerProvider(ids);
  context.setGlobalContextManager(new sdk.AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new sdk.W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  for (const instrumentation of instrumentations) {
    instrumentation.setTracerProvider(provider);
    instrumentation.enable();
  }
  return async () => {
    await sdkProvider?.shutdown();
  };
}

/**
 * The tracing of this process, started without patching modules if nothing started it yet, so
 * trace context works in a process whose entry point did not start tracing (an app or a consumer
 * built inside a test or a script).
 */
export function ensureTracing(serviceName?: string): Tracing {
  return ensureStarted(serviceName);
}

function ensureStarted(serviceName = process.env.OTEL_SERVICE_NAME ?? 'unknown_service:node'): Started {
  return started ?? start(serviceName, { instrument: false });
}

/**
 * The Fastify plugin that makes each request a span (continuing the caller's trace when no http
 * instrumentation did already) and runs its handler inside it. Register it before routes are added.
 */
export function fastifyTracingPlugin(): FastifyPluginCallback {
  return ensureStarted().fastifyPlugin();
}

/**
 * The W3C headers (`traceparent`, `tracestate`) an outgoing HTTP call made with undici should
 * carry for the active span, when undici's instrumentation does not add them itself (nothing is
 * exported, or the process did not patch modules); none when it does, or when tracing is off.
 */
export function outgoingTraceHeaders(): Record<string, string> {
  const current = started;
  if (!current || current.undiciPatched) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Instrumentations that patch modules, only when spans are exported: each would cost a request
 * tens of µs for nothing otherwise (undici's client span, its hooks and header injection were
 * ~3-4% of the gateway's busy CPU under bench:gateway). Without them Fastify's request spans
 * continue the caller's trace without http's server span, and the gateway's forwarder sends the
 * request span's traceparent itself (outgoingTraceHeaders).
 */
function patchingInstrumentations(exporting: boolean) {
  if (!exporting) return [];
  const { HttpInstrumentation, PgInstrumentation, UndiciInstrumentation } = loadInstrumentations();
  return [
    // The gateway's calls to the services: a client span each, and the traceparent it sends on.
    new UndiciInstrumentation({ requireParentforSpans: true }),
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => OPERATIONAL_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
      requireParentforOutgoingSpans: true,
    }),
    // Queries inside a traced request or event only (not the relay's polling); statements,
    // never their values.
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
  ];
}
