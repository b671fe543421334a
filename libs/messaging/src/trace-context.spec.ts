import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing, type Tracing } from '@lawfirm/observability';
import {
  currentTraceparent,
  isTraceparent,
  parentContextOf,
  runConsumedBatch,
  runConsumedEvent,
  traceFieldsOf,
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
    expect(traceFieldsOf(PARENT)).toEqual({ traceId: TRACE_ID, spanId: PARENT_SPAN_ID });
    expect(traceFieldsOf(undefined)).toEqual({});
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

  it('marks the consumer span failed, with the cause, when handling the message fails', async () => {
    await expect(
      runConsumedEvent({ traceparent: PARENT }, { topic: 'intake.matter.v1' }, async () => {
        throw new Error('projection store down');
      }),
    ).rejects.toThrow('projection store down');
    const [span] = await spans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'projection store down' });
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
