import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { RandomIdGenerator } from '@opentelemetry/sdk-trace';
import { ContextOnlyTracer } from './context-only-tracer';

describe('ContextOnlyTracer', () => {
  const tracer = new ContextOnlyTracer(new RandomIdGenerator());
  const parent = {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };

  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  it('starts a sampled trace of its own when there is no parent', () => {
    const span = tracer.startSpan('root', {}, ROOT_CONTEXT);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanContext().traceId).not.toBe('0'.repeat(32));
    expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
  });

  it("continues the parent's trace with a new span id and the parent's flags", () => {
    const unsampled = { ...parent, traceFlags: TraceFlags.NONE };
    const span = tracer.startSpan('child', {}, trace.setSpanContext(ROOT_CONTEXT, unsampled));
    expect(span.spanContext().traceId).toBe(parent.traceId);
    expect(span.spanContext().spanId).not.toBe(parent.spanId);
    expect(span.spanContext().traceFlags).toBe(TraceFlags.NONE);
  });

  it('ignores the parent when asked for a root span', () => {
    const span = tracer.startSpan('root', { root: true }, trace.setSpanContext(ROOT_CONTEXT, parent));
    expect(span.spanContext().traceId).not.toBe(parent.traceId);
  });

  it('makes the span active inside startActiveSpan', () => {
    const outer = trace.setSpanContext(ROOT_CONTEXT, parent);
    const seen = context.with(outer, () =>
      tracer.startActiveSpan('active', (span) => ({
        active: trace.getActiveSpan()?.spanContext().spanId,
        own: span.spanContext().spanId,
        traceId: span.spanContext().traceId,
      })),
    );
    expect(seen.active).toBe(seen.own);
    expect(seen.traceId).toBe(parent.traceId);
  });
});
