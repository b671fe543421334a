import type { EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { auditChange } from '@lawfirm/audit';
import type { MatterSnapshotV1 } from '@lawfirm/contracts';
import { appendToOutbox } from '@lawfirm/messaging';
import type { Matter } from './matter.entity';

export function matterSnapshot(matter: Matter, changedAt: Date): MatterSnapshotV1 {
  return {
    matterId: matter.id,
    clientId: matter.clientId,
    number: matter.number,
    title: matter.title,
    ...(matter.practiceArea ? { practiceArea: matter.practiceArea } : {}),
    status: matter.status,
    changedAt: changedAt.toISOString(),
    ...(matter.jurisdiction ? { jurisdiction: matter.jurisdiction } : {}),
    ...(matter.responsibleAttorneyId ? { responsibleAttorneyId: matter.responsibleAttorneyId } : {}),
  };
}

/** One matter lifecycle event and its audit record, inside the change's transaction. */
export async function recordMatterEvent(
  manager: EntityManager,
  actor: Actor,
  type: 'intake.matter.opened' | 'intake.matter.updated' | 'intake.matter.closed' | 'intake.matter.reopened',
  matter: Matter,
  details: Record<string, unknown> = {},
): Promise<void> {
  const now = new Date();
  const eventActor = { type: actor.actorType, id: actor.subject };
  await appendToOutbox(manager, {
    type,
    firmId: actor.firmId,
    aggregateId: matter.id,
    actor: eventActor,
    correlationId: actor.correlationId,
    data: matterSnapshot(matter, now),
  });
  await auditChange(manager, {
    firmId: actor.firmId,
    actor: eventActor,
    action: type.replace('intake.', ''),
    resourceType: 'matter',
    resourceId: matter.id,
    correlationId: actor.correlationId,
    requestId: actor.requestId,
    details: { number: matter.number, status: matter.status, ...details },
  });
}
