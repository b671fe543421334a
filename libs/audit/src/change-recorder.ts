import { AuditRecordedV1, type ActorType, type DomainEvent, type NewEvent } from '@lawfirm/contracts';
import { appendManyToOutbox, currentTraceparent } from '@lawfirm/messaging';
import { claimIdempotencyKey, type IdempotencyClaim } from '@lawfirm/database';
import type { EntityManager } from 'typeorm';

/** A value an audit record's details may hold: what JSON can carry, nothing a reader must guess at. */
export type AuditDetailValue =
  | string
  | number
  | boolean
  | null
  | readonly AuditDetailValue[]
  | { readonly [key: string]: AuditDetailValue };

/** What an audit record says about a change beyond who, what and which resource. */
export type AuditDetails = { readonly [key: string]: AuditDetailValue };

/** Who made a change, as a service knows its caller (an `Actor` from `@lawfirm/auth` fits). */
export interface ChangeCaller {
  firmId: string;
  actorType: ActorType;
  subject: string;
  correlationId: string;
  requestId?: string;
  /**
   * The request's Idempotency-Key (set by the platform's idempotency interceptor on the request's
   * actor): its first change claims the key in the same transaction, so key and change commit together.
   */
  idempotency?: IdempotencyClaim;
}

/** One state change: the audit record every change gets and the domain events it publishes, if any. */
export interface Change {
  /** e.g. `matter.opened`; by convention the event type without the service's prefix. */
  action: string;
  resourceType: string;
  resourceId: string;
  details?: AuditDetails;
  /** Events of registered types, their payloads checked against the registry's classes at compile time. */
  events?: readonly DomainEvent[];
  /** The event that caused this change, when a consumer makes it. */
  causationId?: string;
}

/**
 * Records a state change: its events and its audit record (on `audit.v1`) go to the outbox in one
 * statement, inside the caller's transaction, so the change, its events and its audit record
 * commit or roll back together.
 */
export async function recordChange(
  manager: EntityManager,
  caller: ChangeCaller,
  change: Change,
): Promise<void> {
  if (caller.idempotency) await claimIdempotencyKey(manager, caller.firmId, caller.idempotency);
  const actor = { type: caller.actorType, id: caller.subject };
  const common = {
    firmId: caller.firmId,
    actor,
    correlationId: caller.correlationId,
    ...(change.causationId ? { causationId: change.causationId } : {}),
  };
  const audit: AuditRecordedV1 = {
    category: 'change',
    actorType: caller.actorType,
    actorId: caller.subject,
    action: change.action,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
    ...(caller.requestId ? { requestId: caller.requestId } : {}),
    ...(change.details ? { details: change.details } : {}),
    at: new Date().toISOString(),
  };
  const events: Array<NewEvent<object>> = [
    ...(change.events ?? []).map((event) => ({
      ...common,
      type: event.type,
      aggregateId: event.aggregateId,
      data: event.data,
    })),
    { ...common, type: AuditRecordedV1.type, aggregateId: caller.firmId, data: audit },
  ];
  const traceparent = currentTraceparent();
  await appendManyToOutbox(
    manager,
    events,
    events.map(() => traceparent),
  );
}
