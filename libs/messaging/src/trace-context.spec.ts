import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing, type Tracing } from '@lawfirm/observability';
import {
  childTraceparent,
  currentTraceparent,
  isTraceparent,
  parentContextOf,
  runConsumedBatch,
  runConsumedEvent,
  runWithTrace,
  traceFieldsOf,
  traceIdOf,
} from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const PARENT = `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`;

describe('trace context', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;

  beforeAll(() => {
    tracing = startTracing('trace-context-spec', {
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
      instrument: false,
    });
  });

  afterAll(async () => {
    await tracing.shutdown();
  });

  beforeEach(() => exporter.reset());

  const spans = async (): Promise<ReadableSpan[]> => {
    await tracing.flush(); // the exporter gets each span a tick after it ends
    return exporter.getFinishedSpans();
  };
  const idsOf = (traceparent: string) => {
    const [, traceId, spanId] = traceparent.split('-');
    return { traceId, spanId };
  };

  it('accepts W3C traceparents and refuses malformed or all-zero ones', () => {
    expect(isTraceparent(PARENT)).toBe(true);
    for (const bad of [
      undefined,
      '',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
    ]) {
      expect(isTraceparent(bad)).toBe(false);
    }
    expect(traceIdOf(PARENT)).toBe(TRACE_ID);
    expect(traceIdOf('garbage')).toBeUndefined();
    expect(traceFieldsOf(PARENT)).toEqual({ traceId: TRACE_ID, spanId: PARENT_SPAN_ID });
    expect(traceFieldsOf(undefined)).toEqual({});
  });

  it("continues the caller's trace under a new span id, keeping its flags", () => {
    const unsampled = PARENT.replace(/-01$/, '-00');
    const child = childTraceparent(unsampled);
    expect(child).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    expect(child).not.toBe(unsampled);
    expect(isTraceparent(child)).toBe(true);
  });

  it('starts a new sampled trace when there is none or it is invalid', () => {
    const fresh = childTraceparent('garbage');
    expect(isTraceparent(fresh)).toBe(true);
    expect(fresh.endsWith('-01')).toBe(true);
    expect(traceIdOf(fresh)).not.toBe(traceIdOf(childTraceparent(undefined)));
  });

  it('runs a handed-out traceparent as a real span with its ids, child of the incoming one, current for everything awaited', async () => {
    expect(currentTraceparent()).toBeUndefined();
    const child = childTraceparent(PARENT);
    const seen = await runWithTrace(child, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentTraceparent();
    });
    expect(seen).toBe(child);
    expect(currentTraceparent()).toBeUndefined();
    const [span] = await spans();
    expect(await spans()).toHaveLength(1);
    expect(span!.kind).toBe(SpanKind.CONSUMER);
    expect(span!.spanContext()).toMatchObject(idsOf(child));
    expect(span!.parentSpanContext).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_SPAN_ID });
  });

  it('runs the span of a new trace as a root, and marks it failed when the work fails', async () => {
    const fresh = childTraceparent(undefined);
    await expect(
      runWithTrace(fresh, async () => {
        throw new Error('projection store down');
      }),
    ).rejects.toThrow('projection store down');
    const [span] = await spans();
    expect(span!.spanContext()).toMatchObject(idsOf(fresh));
    expect(span!.parentSpanContext).toBeUndefined();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'projection store down' });
  });

  it('makes any other traceparent current as it is, without a span', async () => {
    expect(runWithTrace(PARENT, () => currentTraceparent())).toBe(PARENT);
    expect(await spans()).toHaveLength(0);
  });

  it('processes a consumed message in a consumer span named after its topic, child of the span in its headers', async () => {
    const seen = await runConsumedEvent(
      { traceparent: Buffer.from(PARENT), 'event-type': Buffer.from('intake.matter.opened') },
      {
        topic: 'intake.matter.v1',
        partition: 2,
        offset: '41',
        key: Buffer.from('matter-1'),
        groupId: 'docket.matters',
        eventId: 'e-1',
        attempt: 1,
      },
      async () => currentTraceparent(),
    );
    const [span] = await spans();
    expect(span!.name).toBe('process intake.matter.v1');
    expect(span!.kind).toBe(SpanKind.CONSUMER);
    expect(span!.spanContext().traceId).toBe(TRACE_ID);
    expect(span!.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(seen).toBe(`00-${TRACE_ID}-${span!.spanContext().spanId}-01`);
    expect(span!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'intake.matter.v1',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'messaging.kafka.message.key': 'matter-1',
      'messaging.consumer.group.name': 'docket.matters',
      'messaging.message.id': 'e-1',
    });
  });

  it('starts a new trace for a message that carries none', async () => {
    await runConsumedEvent(undefined, { topic: 'intake.matter.v1' }, async () => undefined);
    await runConsumedEvent({ traceparent: 'garbage' }, { topic: 'intake.matter.v1' }, async () => undefined);
    const roots = await spans();
    expect(roots.map((span) => span.parentSpanContext)).toEqual([undefined, undefined]);
    expect(new Set(roots.map((span) => span.spanContext().traceId)).size).toBe(2);
  });

  it('processes a batch in a consumer span of its own trace, and gives each traced message a consumer span in its trace', async () => {
    const other = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
    await runConsumedBatch(
      [
        { headers: { traceparent: PARENT }, offset: '7' },
        { headers: { traceparent: Buffer.from(other) }, offset: '8' },
        { headers: {}, offset: '9' },
        { offset: '10' },
      ],
      { topic: 'intake.matter.v1', partition: 0, groupId: 'docket.matters' },
      async () => currentTraceparent(),
    );
    const ended = await spans();
    const batch = ended.find((span) => span.attributes['messaging.batch.message_count'] === 4);
    expect(batch!.name).toBe('process intake.matter.v1');
    expect(batch!.parentSpanContext).toBeUndefined();
    expect(batch!.links.map((link) => link.context.spanId)).toEqual([PARENT_SPAN_ID, 'b'.repeat(16)]);
    const perMessage = ended.filter((span) => span !== batch);
    expect(
      perMessage.map((span) => [
        span.parentSpanContext?.spanId,
        span.spanContext().traceId,
        span.attributes['messaging.kafka.offset'],
      ]),
    ).toEqual([
      [PARENT_SPAN_ID, TRACE_ID, 7],
      ['b'.repeat(16), 'a'.repeat(32), 8],
    ]);
    for (const span of perMessage) expect(span.links[0]!.context.spanId).toBe(batch!.spanContext().spanId);
  });

  it('reads the parent of a span from message headers, or none', () => {
    expect(parentContextOf({ traceparent: PARENT })).not.toBe(parentContextOf(undefined));
    expect(parentContextOf({ traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' })).toBe(
      parentContextOf({}),
    );
  });
});
