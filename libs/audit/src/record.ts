import { AuditRecordedV1, PLATFORM_FIRM_ID, type ActorType } from '@lawfirm/contracts';
import { appendToOutbox } from '@lawfirm/messaging';
import type { EntityManager } from 'typeorm';

export interface ChangeAudit {
  firmId: string;
  actor: { type: ActorType; id: string };
  action: string;
  resourceType: string;
  resourceId: string;
  correlationId: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

/** Records a domain change on audit.v1 through the outbox, in the change's own transaction. */
export async function auditChange(manager: EntityManager, change: ChangeAudit): Promise<void> {
  const data: AuditRecordedV1 = {
    category: 'change',
    actorType: change.actor.type,
    actorId: change.actor.id,
    action: change.action,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
    ...(change.requestId ? { requestId: change.requestId } : {}),
    ...(change.details ? { details: change.details } : {}),
    at: new Date().toISOString(),
  };
  await appendToOutbox(manager, {
    type: AuditRecordedV1.type,
    firmId: change.firmId,
    aggregateId: change.firmId,
    actor: change.actor,
    correlationId: change.correlationId,
    data,
  });
}

export { PLATFORM_FIRM_ID };
