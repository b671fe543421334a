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

/** Who made a change, as services know their caller (an `Actor` from `@lawfirm/auth` fits). */
export interface AuditCaller {
  firmId: string;
  actorType: ActorType;
  subject: string;
  correlationId: string;
  requestId?: string;
}

/** `auditChange` for a change made by `caller` in its own firm. */
export function auditCallerChange(
  manager: EntityManager,
  caller: AuditCaller,
  change: { action: string; resourceType: string; resourceId: string; details?: Record<string, unknown> },
): Promise<void> {
  return auditChange(manager, {
    firmId: caller.firmId,
    actor: { type: caller.actorType, id: caller.subject },
    correlationId: caller.correlationId,
    ...(caller.requestId ? { requestId: caller.requestId } : {}),
    ...change,
  });
}

export { PLATFORM_FIRM_ID };
