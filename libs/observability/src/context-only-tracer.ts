import {
  context as contextApi,
  isSpanContextValid,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

/**
 * The tracer of a process that exports no spans: each span is a non-recording one with its own
 * span id, in the trace of its parent (or a new, sampled trace), so trace ids still reach logs,
 * outgoing calls and events exactly as the SDK's parent-based always-on sampling would pass them
 * on. The SDK's tracer would build, time and attribute every span only to drop it as it ends:
 * in the gateway that was about a tenth of its CPU per proxied request (bench/README.md).
 */
export class ContextOnlyTracer implements Tracer {
  constructor(private readonly ids: IdGenerator) {}

  startSpan(_name: string, options: SpanOptions = {}, parent: Context = contextApi.active()): Span {
    const parentSpan = options.root ? undefined : trace.getSpanContext(parent);
    const inTrace = parentSpan !== undefined && isSpanContextValid(parentSpan);
    return trace.wrapSpanContext({
      traceId: inTrace ? parentSpan.traceId : this.ids.generateTraceId(),
      spanId: this.ids.generateSpanId(),
      traceFlags: inTrace ? parentSpan.traceFlags : TraceFlags.SAMPLED,
      ...(inTrace && parentSpan.traceState ? { traceState: parentSpan.traceState } : {}),
    });
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    parent: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : {};
    const parent = rest.length > 2 ? (rest[1] as Context) : contextApi.active();
    const span = this.startSpan(name, options, parent);
    return contextApi.with(trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
}

/** Hands out one `ContextOnlyTracer` whatever the instrumentation asks for. */
export class ContextOnlyTracerProvider implements TracerProvider {
  private readonly tracer: ContextOnlyTracer;

  constructor(ids: IdGenerator) {
    this.tracer = new ContextOnlyTracer(ids);
  }

  getTracer(): Tracer {
    return this.tracer;
  }
}
