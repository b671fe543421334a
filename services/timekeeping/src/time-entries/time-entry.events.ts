import type { EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { auditChange } from '@lawfirm/audit';
import { isClassification, type TimeEntrySnapshotV1, type TimekeeperClassification } from '@lawfirm/contracts';
import { appendToOutbox } from '@lawfirm/messaging';
import type { TimeEntry } from './time-entry.entity';

export function entrySnapshot(entry: TimeEntry): TimeEntrySnapshotV1 {
  return {
    timeEntryId: entry.id,
    matterId: entry.matterId,
    timekeeperId: entry.timekeeperId,
    ...(entry.classification ? { classification: entry.classification } : {}),
    ...(ledesCodeOf(entry) ? { ledesClassification: ledesCodeOf(entry) as string } : {}),
    workDate: entry.workDate,
    minutes: entry.minutes,
    billedTenths: entry.billedTenths,
    narrative: entry.narrative,
    billable: entry.billable,
    ...(entry.taskCode ? { taskCode: entry.taskCode } : {}),
    ...(entry.activityCode ? { activityCode: entry.activityCode } : {}),
    outsourced: entry.outsourced,
  };
}

/** The LEDES code an entry's classification reported as (entries from before firm codes: the classification itself). */
export function ledesCodeOf(entry: Pick<TimeEntry, 'classification' | 'ledesClassification'>): TimekeeperClassification | null {
  if (entry.ledesClassification && isClassification(entry.ledesClassification)) return entry.ledesClassification;
  return isClassification(entry.classification) ? entry.classification : null;
}

/** A time-entry event (when `type` is given) and its audit record, in the change's transaction. */
export async function recordEntryChange(
  manager: EntityManager,
  actor: Actor,
  action: string,
  entry: TimeEntry,
  event?: { type: string; extra?: Record<string, unknown> },
): Promise<void> {
  const eventActor = { type: actor.actorType, id: actor.subject };
  if (event) {
    await appendToOutbox(manager, {
      type: event.type,
      firmId: actor.firmId,
      aggregateId: entry.id,
      actor: eventActor,
      correlationId: actor.correlationId,
      data: { ...entrySnapshot(entry), ...(event.extra ?? {}) },
    });
  }
  await auditChange(manager, {
    firmId: actor.firmId,
    actor: eventActor,
    action,
    resourceType: 'time-entry',
    resourceId: entry.id,
    correlationId: actor.correlationId,
    requestId: actor.requestId,
    details: { matterId: entry.matterId, minutes: entry.minutes, status: entry.status },
  });
}
