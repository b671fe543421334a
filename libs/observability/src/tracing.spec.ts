import { trace } from '@opentelemetry/api';

describe('startTracing', () => {
  const saved = process.env.OTEL_SDK_DISABLED;
  afterEach(() => {
    if (saved === undefined) delete process.env.OTEL_SDK_DISABLED;
    else process.env.OTEL_SDK_DISABLED = saved;
  });

  it('registers nothing and serves a Fastify plugin that does nothing when OTEL_SDK_DISABLED is true', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    let tracing: typeof import('./tracing') | undefined;
    jest.isolateModules(() => {
      tracing = jest.requireActual<typeof import('./tracing')>('./tracing');
    });

    const started = tracing!.startTracing('spec-service');
    const plugin = tracing!.fastifyTracingPlugin();
    const done = jest.fn();
    (plugin as unknown as (instance: unknown, options: unknown, next: () => void) => void)({}, {}, done);

    expect(started.exporting).toBe(false);
    expect(done).toHaveBeenCalledTimes(1);
    // No tracer provider was registered: the API hands out non-recording spans with an all-zero trace id.
    expect(trace.getTracer('spec').startSpan('probe').spanContext().traceId).toBe('0'.repeat(32));
    await started.shutdown();
  });
});
