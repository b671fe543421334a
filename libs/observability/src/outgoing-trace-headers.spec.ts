import { context, trace } from '@opentelemetry/api';
import type { Tracing } from './tracing';

type TracingModule = typeof import('./tracing');

function freshTracingModule(): TracingModule {
  let module: TracingModule | undefined;
  jest.isolateModules(() => {
    module = jest.requireActual<TracingModule>('./tracing');
  });
  return module!;
}

describe('outgoingTraceHeaders', () => {
  let started: Tracing | undefined;
  const saved = { ...process.env };
  afterEach(async () => {
    await started?.shutdown();
    started = undefined;
    process.env = { ...saved };
  });

  it('sends nothing before tracing starts', () => {
    expect(freshTracingModule().outgoingTraceHeaders()).toEqual({});
  });

  it("carries the active span's traceparent when nothing is exported (undici is not patched then)", () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    delete process.env.OTEL_SDK_DISABLED;
    const tracing = freshTracingModule();
    started = tracing.startTracing('spec-service');
    const span = trace.getTracer('spec').startSpan('request');
    const { traceId, spanId } = span.spanContext();

    const inside = context.with(trace.setSpan(context.active(), span), () => tracing.outgoingTraceHeaders());
    const outside = tracing.outgoingTraceHeaders();

    expect(started.exporting).toBe(false);
    expect(inside).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
    expect(outside).toEqual({});
  });

  it('sends nothing when tracing is switched off', () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    const tracing = freshTracingModule();
    started = tracing.startTracing('spec-service');

    expect(tracing.outgoingTraceHeaders()).toEqual({});
  });
});
