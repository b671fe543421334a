import { createEnvelope, topicOfEvent, type EventEnvelope, type NewEvent } from '@lawfirm/contracts';
import type { EntityManager } from 'typeorm';
import { currentTraceHeaders } from './trace-context';

export interface TraceHeaders {
  /** The trace the event joins, instead of the active span's. */
  traceparent?: string;
}

/**
 * Appends events to the outbox inside the caller's transaction, so state change and event
 * commit or roll back together. Key = aggregateId keeps one aggregate's events in order.
 */
export async function appendToOutbox<T>(
  manager: EntityManager,
  event: NewEvent<T>,
  trace: TraceHeaders = {},
): Promise<EventEnvelope<T>> {
  const envelope = createEnvelope(event);
  // The span writing the event (a request's, a consumed event's) is the event's creation context:
  // the relay publishes it in the message headers and the consumer's span becomes its child.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'event-type': envelope.type,
    'correlation-id': envelope.correlationId,
    ...(trace.traceparent ? { traceparent: trace.traceparent } : currentTraceHeaders()),
  };
  await manager.query(
    `INSERT INTO outbox (id, firm_id, topic, message_key, headers, envelope) VALUES ($1, $2, $3, $4, $5, $6)`,
    [envelope.id, envelope.firmId, topicOfEvent(envelope.type), keyOf(envelope), headers, envelope],
  );
  return envelope;
}

/**
 * Many events in one statement (e.g. a batch of request audit records), inside the caller's
 * transaction. Such a batch gathers events of several requests, so each event's trace is given
 * with it (`traces[i]` for `events[i]`) rather than taken from the work in progress.
 */
export async function appendManyToOutbox<T>(
  manager: EntityManager,
  events: Array<NewEvent<T>>,
  traces: ReadonlyArray<string | undefined> = [],
): Promise<Array<EventEnvelope<T>>> {
  if (events.length === 0) return [];
  const envelopes = events.map((event) => createEnvelope(event));
  const headers = envelopes.map((envelope, index) => ({
    'content-type': 'application/json',
    'event-type': envelope.type,
    'correlation-id': envelope.correlationId,
    ...(traces[index] ? { traceparent: traces[index] } : {}),
  }));
  await manager.query(
    `INSERT INTO outbox (id, firm_id, topic, message_key, headers, envelope)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[])`,
    [
      envelopes.map((envelope) => envelope.id),
      envelopes.map((envelope) => envelope.firmId),
      envelopes.map((envelope) => topicOfEvent(envelope.type)),
      envelopes.map(keyOf),
      headers.map((header) => JSON.stringify(header)),
      envelopes.map((envelope) => JSON.stringify(envelope)),
    ],
  );
  return envelopes;
}

/** Audit records are keyed by firm so one firm's chain is consumed in order. */
function keyOf(envelope: EventEnvelope<unknown>): string {
  return envelope.type === 'audit.recorded' ? envelope.firmId : envelope.aggregateId;
}
