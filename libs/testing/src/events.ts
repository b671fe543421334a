import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import {
  ConsentGrantedV1,
  ConsentRevokedV1,
  createEnvelope,
  TimeEntryApprovedV1,
  type EventEnvelope,
  type OutsourcingScope,
} from '@lawfirm/contracts';

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

/** The `intake.consent.granted` event intake publishes when a client consents to outsourcing (key = consent id). */
export function consentGrantedEvent(
  firmId: string,
  clientId: string,
  scopes: OutsourcingScope[],
  vendorIds?: string[],
  consentId: string = randomUUID(),
): EventEnvelope<ConsentGrantedV1> {
  return createEnvelope<ConsentGrantedV1>({
    type: ConsentGrantedV1.type,
    firmId,
    aggregateId: consentId,
    actor: { type: 'user', id: 'intake-user' },
    correlationId: randomUUID(),
    data: {
      consentId,
      clientId,
      scopes,
      ...(vendorIds ? { vendorIds } : {}),
      givenOn: '2026-11-01',
      method: 'engagement-letter',
    },
  });
}

/** The `intake.consent.revoked` event for a consent given earlier. */
export function consentRevokedEvent(
  firmId: string,
  clientId: string,
  consentId: string,
): EventEnvelope<ConsentRevokedV1> {
  return createEnvelope<ConsentRevokedV1>({
    type: ConsentRevokedV1.type,
    firmId,
    aggregateId: consentId,
    actor: { type: 'user', id: 'intake-user' },
    correlationId: randomUUID(),
    data: { consentId, clientId, revokedAt: new Date().toISOString(), reason: 'client withdrew consent' },
  });
}
