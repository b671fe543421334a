import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createEnvelope, TimeEntryApprovedV1, type EventEnvelope } from '@lawfirm/contracts';

/** The fields of an approved time entry a spec usually cares about; the rest get plain defaults. */
export type ApprovedTimeEntryFields = Partial<Omit<TimeEntryApprovedV1, 'matterId'>> & { minutes: number };

/**
 * The `timekeeping.time-entry.approved` event timekeeping would publish for one entry of `matterId`
 * (billed tenths rounded up from the minutes unless given), for specs of the services that consume it.
 */
export function approvedTimeEntryEvent(
  firmId: string,
  matterId: string,
  fields: ApprovedTimeEntryFields,
): EventEnvelope<TimeEntryApprovedV1> {
  const timeEntryId = fields.timeEntryId ?? randomUUID();
  return createEnvelope<TimeEntryApprovedV1>({
    type: TimeEntryApprovedV1.type,
    firmId,
    aggregateId: timeEntryId,
    actor: { type: 'user', id: 'approver' },
    correlationId: randomUUID(),
    data: {
      timekeeperId: 'keeper',
      workDate: '2026-11-10',
      billedTenths: Math.ceil(fields.minutes / 6),
      narrative: 'Drafted the motion',
      billable: true,
      approvedAt: new Date().toISOString(),
      approvedBy: 'approver',
      ...fields,
      timeEntryId,
      matterId,
    },
  });
}

/** Publishes events to `topic` keyed by aggregate, as the outbox relay does. */
export async function publishEvents(
  producer: Producer,
  topic: string,
  events: ReadonlyArray<EventEnvelope<unknown>>,
): Promise<void> {
  await producer.send({
    topic,
    messages: events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
  });
}
