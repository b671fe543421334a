/**
 * Imported first by a spec that boots services in its own process: tracing starts before the
 * services' modules load (as each service's main.ts does), and keeps every span in memory.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing } from '@lawfirm/observability';

const exporter = new InMemorySpanExporter();

export const tracing = startTracing('in-process-services', {
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});

/** Every span ended so far (each reaches the exporter a tick after it ends). */
export async function recordedSpans(): Promise<ReadableSpan[]> {
  await tracing.flush();
  return exporter.getFinishedSpans();
}
