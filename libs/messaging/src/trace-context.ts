import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type TextMapGetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ensureTracing } from '@lawfirm/observability';
import type { IHeaders } from 'kafkajs';

/*
 * W3C trace context (OpenTelemetry) for the work in progress — an HTTP request, a consumed event —
 * so the events it writes to the outbox carry its trace to the next service without every call
 * site passing it along. Kafka headers always speak W3C `traceparent`/`tracestate`, whatever
 * propagator HTTP is configured with.
 */

const w3c = new W3CTraceContextPropagator();
const tracer = (): ReturnType<typeof trace.getTracer> => trace.getTracer('@lawfirm/messaging');

/** The span context a traceparent names, if it is a valid W3C traceparent. */
function spanContextOf(traceparent: unknown): SpanContext | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const spanContext = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter));
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** `00-<trace id>-<parent id>-<flags>` (W3C Trace Context), neither id all zeros. */
export function isTraceparent(value: unknown): value is string {
  return spanContextOf(value) !== undefined;
}

/** The trace and span ids of a traceparent, as log fields (none for anything else). */
export function traceFieldsOf(traceparent: string | undefined): { traceId?: string; spanId?: string } {
  const spanContext = spanContextOf(traceparent);
  return spanContext ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {};
}

/** The W3C headers (`traceparent`, and `tracestate` when there is one) of the active span, if any. */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  w3c.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier;
}

/** The traceparent of the work in progress (the active span), if it runs under one. */
export function currentTraceparent(): string | undefined {
  return currentTraceHeaders().traceparent;
}

/** What the consumer knows of a message, recorded on its span (OpenTelemetry messaging conventions). */
export interface ConsumedMessage {
  topic: string;
  partition?: number;
  offset?: string;
  key?: Buffer | string | null;
  /** The consumer group (and the inbox's consumer name). */
  groupId?: string;
  /** The event's envelope id and type, once parsed. */
  eventId?: string;
  eventType?: string;
  /** 1 for the first try; each retry is a span of its own. */
  attempt?: number;
}

const kafkaHeaders: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map((item) => item.toString()) : value.toString();
  },
};

/**
 * The trace context Kafka (or outbox) headers carry, as a parent for a span; `ROOT_CONTEXT` itself
 * when they carry none.
 */
export function parentContextOf(headers: IHeaders | Record<string, string> | undefined): Context {
  const extracted = w3c.extract(ROOT_CONTEXT, headers ?? {}, kafkaHeaders);
  const spanContext = trace.getSpanContext(extracted);
  return spanContext && isSpanContextValid(spanContext) ? extracted : ROOT_CONTEXT;
}

/**
 * Handles one consumed message inside a CONSUMER span `process <topic>`, child of the trace its
 * headers carry (the span that wrote the event to an outbox), or the root of a new trace when
 * they carry none. The span ends when `handle` settles, marked as an error if it rejects; events
 * the handler writes to its outbox continue the trace.
 */
export function runConsumedEvent<T>(
  headers: IHeaders | undefined,
  message: ConsumedMessage,
  handle: () => Promise<T>,
): Promise<T> {
  ensureTracing();
  const parentContext = parentContextOf(headers);
  const attributes = messagingAttributes(message);
  const span = tracer().startSpan(
    `process ${message.topic}`,
    { kind: SpanKind.CONSUMER, attributes },
    parentContext,
  );
  return runInSpan(span, parentContext, handle);
}

/**
 * Handles a batch of consumed messages (of one topic and partition) inside one CONSUMER span
 * `process <topic>`, the root of a trace of its own linked to the trace of each message (a batch
 * has many parents, so none is its parent). Each message that carries a trace also gets a
 * CONSUMER span in that trace, child of the span that wrote it and linked to the batch's, so a
 * request's trace still reaches the consumer. All end when `handle` settles; events the handler
 * writes continue the batch's trace.
 */
export function runConsumedBatch<T>(
  messages: ReadonlyArray<{ headers?: IHeaders; offset?: string; key?: Buffer | string | null }>,
  batch: Pick<ConsumedMessage, 'topic' | 'partition' | 'groupId'>,
  handle: () => Promise<T>,
): Promise<T> {
  ensureTracing();
  const common = messagingAttributes({
    topic: batch.topic,
    partition: batch.partition,
    groupId: batch.groupId,
  });
  const parents = messages.map((message) => parentContextOf(message.headers));
  const links = new Map<string, Link>();
  for (const parent of parents) {
    const spanContext = trace.getSpanContext(parent);
    if (spanContext) links.set(spanContext.spanId, { context: spanContext });
  }
  const batchSpan = tracer().startSpan(
    `process ${batch.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { ...common, 'messaging.batch.message_count': messages.length },
      links: [...links.values()],
    },
    ROOT_CONTEXT,
  );
  const messageSpans = messages.flatMap((message, index) => {
    const parent = parents[index] ?? ROOT_CONTEXT;
    if (parent === ROOT_CONTEXT) return [];
    const attributes = messagingAttributes({ ...batch, offset: message.offset, key: message.key });
    const options = { kind: SpanKind.CONSUMER, attributes, links: [{ context: batchSpan.spanContext() }] };
    return [tracer().startSpan(`process ${batch.topic}`, options, parent)];
  });
  return runInSpan(batchSpan, ROOT_CONTEXT, handle, messageSpans);
}

function messagingAttributes(message: ConsumedMessage): Attributes {
  const attributes: Attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': message.topic,
  };
  if (message.partition !== undefined)
    attributes['messaging.destination.partition.id'] = String(message.partition);
  if (message.offset !== undefined) attributes['messaging.kafka.offset'] = Number(message.offset);
  if (message.key !== undefined && message.key !== null)
    attributes['messaging.kafka.message.key'] = message.key.toString();
  if (message.groupId !== undefined) attributes['messaging.consumer.group.name'] = message.groupId;
  if (message.eventId !== undefined) attributes['messaging.message.id'] = message.eventId;
  if (message.eventType !== undefined) attributes['lawfirm.event.type'] = message.eventType;
  if (message.attempt !== undefined) attributes['lawfirm.delivery.attempt'] = message.attempt;
  return attributes;
}

/** Runs `fn` with `span` active, and ends it (and `alsoEnding`) when `fn` returns or settles. */
function runInSpan<T>(span: Span, parentContext: Context, fn: () => T, alsoEnding: Span[] = []): T {
  const spans = [span, ...alsoEnding];
  const end = (): void => {
    for (const each of spans) each.end();
  };
  const fail = (error: unknown): void => {
    for (const each of spans) {
      each.recordException(error instanceof Error ? error : String(error));
      each.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    end();
  };
  let result: T;
  try {
    result = context.with(trace.setSpan(parentContext, span), fn);
  } catch (error) {
    fail(error);
    throw error;
  }
  if (isThenable(result)) {
    return result.then(
      (value: unknown) => {
        end();
        return value;
      },
      (error: unknown) => {
        fail(error);
        throw error;
      },
    ) as T;
  }
  end();
  return result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
