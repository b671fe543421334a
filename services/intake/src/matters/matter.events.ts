import type { EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange, type AuditDetails } from '@lawfirm/audit';
import type { MatterSnapshotV1 } from '@lawfirm/contracts';
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
  details: AuditDetails = {},
): Promise<void> {
  await recordChange(manager, actor, {
    action: type.replace('intake.', ''),
    resourceType: 'matter',
    resourceId: matter.id,
    details: { number: matter.number, status: matter.status, ...details },
    events: [{ type, aggregateId: matter.id, data: matterSnapshot(matter, new Date()) }],
  });
}
