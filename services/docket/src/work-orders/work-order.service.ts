import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import { ForbiddenRoleError, type Actor, type FirmRole } from '@lawfirm/auth';
import {
  uuidv7,
  WorkOrderSlaBreachedV1,
  WorkOrderSuspendedV1,
  WorkOrderTransitionedV1,
  type ConsentRevokedV1,
  type EventEnvelope,
  type WorkOrderSnapshotV1,
} from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { LOGGER } from '@lawfirm/platform';
import { ConsentService } from '../consents/consent.service';
import type {
  CreateWorkOrderDto,
  WorkOrderList,
  WorkOrderSweepView,
  WorkOrderTransitionDto,
  WorkOrderView,
} from './dto/work-order.dto';
import type { WorkOrder } from './work-order.entity';
import {
  ConsentRevokedError,
  OutsourcingConsentMissingError,
  WorkOrderActionNotYoursError,
  WorkOrderMatterClosedError,
  WorkOrderTransitionNotAllowedError,
} from './work-order.exception';
import { WorkOrderClock } from './work-order-clock';

export { WorkOrderClock };
import { WorkOrderRepository } from './work-order.repository';
import { DELIVERED_STATUSES, dueAtOf, needsConsent, nextStatus, OPEN_STATUSES } from './work-order.rules';

/** Firm roles that may assign work orders and take the firm's steps of their QC cycle. */
export const WORK_ORDER_ROLES: FirmRole[] = ['firm-admin', 'attorney', 'paralegal'];
/** Orders one sweep transaction marks at most; the sweep goes on with the rest in the next. */
const SWEEP_BATCH = 500;
/** The cross-firm scope in which the background SLA sweep may read (only read) every firm's work orders. */
export const WORK_ORDER_SLA_SWEEP_SCOPE = 'docket-work-order-sla-sweep';
const MATTER_LIST_LIMIT = 500;

/**
 * Vendor work orders: assigned by the firm only under the client's outsourcing consent, moved along the
 * QC cycle by the vendor and the firm (each transition re-checks the consent), SLA breaches found by a sweep.
 * A vendor caller (`actorType` vendor) is the vendor organisation named by its token's subject.
 */
@Injectable()
export class WorkOrderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: WorkOrderRepository,
    private readonly matters: MatterProjectionService,
    private readonly consents: ConsentService,
    private readonly clock: WorkOrderClock,
  ) {}

  async create(actor: Actor, matterId: string, input: CreateWorkOrderDto): Promise<WorkOrderView> {
    if ((input.slaHours === undefined) === (input.dueBy === undefined))
      throw new ValidationFailedError([
        { field: 'slaHours', message: 'give the turnaround as slaHours or as dueBy, exactly one of them' },
      ]);
    const dueBy = input.dueBy !== undefined ? new Date(input.dueBy) : null;
    if (dueBy && dueBy.getTime() <= this.clock.now().getTime())
      throw new ValidationFailedError([{ field: 'dueBy', message: 'dueBy must be in the future' }]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const matter = await this.matters.find(manager, matterId);
      if (!matter) throw new NotFoundError('matter', matterId);
      if (matter.status === 'closed') throw new WorkOrderMatterClosedError(matterId);
      if (!(await this.consents.covers(manager, matter.clientId, input.workType, input.vendorId)))
        throw new OutsourcingConsentMissingError(input.workType);
      const now = this.clock.now();
      const order: WorkOrder = {
        firmId: actor.firmId,
        id: uuidv7(),
        matterId,
        clientId: matter.clientId,
        vendorId: input.vendorId,
        workType: input.workType,
        instructions: input.instructions,
        documentIds: input.documentIds ?? [],
        slaHours: input.slaHours ?? null,
        dueBy,
        dueAt: null,
        status: 'assigned',
        returnReasons: null,
        returnCount: 0,
        createdBy: actor.subject,
        createdAt: now,
        updatedAt: now,
        acceptedAt: null,
        submittedAt: null,
        slaBreachedAt: null,
      };
      await this.orders.insert(manager, order);
      await recordChange(manager, actor, {
        action: 'work-order.transitioned',
        resourceType: 'work_order',
        resourceId: order.id,
        details: {
          matterId,
          vendorId: order.vendorId,
          workType: order.workType,
          action: 'assign',
          status: 'assigned',
        },
        events: [
          {
            type: WorkOrderTransitionedV1.type,
            aggregateId: order.id,
            data: { ...snapshot(order), action: 'assign', previousStatus: null },
          },
        ],
      });
      return this.view(manager, order);
    });
  }

  /** One step of the cycle by the vendor or the firm; refused (409) when the consent no longer holds. */
  async transition(actor: Actor, id: string, input: WorkOrderTransitionDto): Promise<WorkOrderView> {
    const vendorId = vendorOf(actor);
    if (vendorId === undefined && !actor.roles.some((role) => (WORK_ORDER_ROLES as string[]).includes(role)))
      throw new ForbiddenRoleError(WORK_ORDER_ROLES);
    if (input.action === 'return' && input.reasons === undefined)
      throw new ValidationFailedError([{ field: 'reasons', message: 'returning work needs its reasons' }]);
    if (input.action !== 'return' && input.reasons !== undefined)
      throw new ValidationFailedError([{ field: 'reasons', message: 'reasons go only with return' }]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const order = await this.orders.lock(manager, id, vendorId);
      if (!order) throw new NotFoundError('work order', id);
      const next = nextStatus(order.status, input.action, actor.actorType);
      if (next === 'wrong_side')
        throw new WorkOrderActionNotYoursError(input.action, vendorId === undefined ? 'firm' : 'vendor');
      if (next === 'not_allowed') throw new WorkOrderTransitionNotAllowedError(order.status, input.action);
      if (
        needsConsent(input.action) &&
        !(await this.consents.covers(manager, order.clientId, order.workType, order.vendorId))
      )
        throw new ConsentRevokedError();
      const previousStatus = order.status;
      const now = this.clock.now();
      order.status = next;
      order.updatedAt = now;
      if (input.action === 'accept') {
        order.acceptedAt = now;
        order.dueAt = dueAtOf(now, order.slaHours, order.dueBy);
      }
      if (input.action === 'submit') order.submittedAt = now;
      if (input.action === 'return') {
        order.returnReasons = input.reasons ?? [];
        order.returnCount += 1;
      }
      await this.orders.save(manager, order);
      await recordChange(manager, actor, {
        action: 'work-order.transitioned',
        resourceType: 'work_order',
        resourceId: order.id,
        details: {
          matterId: order.matterId,
          vendorId: order.vendorId,
          action: input.action,
          previousStatus,
          status: order.status,
          ...(input.reasons ? { reasons: input.reasons } : {}),
        },
        events: [
          {
            type: WorkOrderTransitionedV1.type,
            aggregateId: order.id,
            data: {
              ...snapshot(order),
              action: input.action,
              previousStatus,
              ...(input.reasons ? { reasons: input.reasons } : {}),
            },
          },
        ],
      });
      return this.view(manager, order);
    });
  }

  /**
   * Applies a revocation to the consent projection and publishes `docket.work-order.suspended` for each
   * open order of the client that it covered before and no longer does (once: the inbox drops a redelivery).
   */
  async consentRevoked(manager: EntityManager, envelope: EventEnvelope<ConsentRevokedV1>): Promise<void> {
    const open = await this.orders.lockOpenOfClient(manager, envelope.data.clientId);
    const coveredBefore: WorkOrder[] = [];
    for (const order of open)
      if (await this.consents.covers(manager, order.clientId, order.workType, order.vendorId))
        coveredBefore.push(order);
    await this.consents.revoked(manager, envelope);
    const caller = {
      firmId: envelope.firmId,
      actorType: 'service' as const,
      subject: 'docket-consents',
      correlationId: envelope.correlationId,
    };
    for (const order of coveredBefore) {
      if (await this.consents.covers(manager, order.clientId, order.workType, order.vendorId)) continue;
      await recordChange(manager, caller, {
        action: 'work-order.suspended',
        resourceType: 'work_order',
        resourceId: order.id,
        causationId: envelope.id,
        details: { matterId: order.matterId, vendorId: order.vendorId, consentId: envelope.data.consentId },
        events: [
          {
            type: WorkOrderSuspendedV1.type,
            aggregateId: order.id,
            data: { ...snapshot(order), consentId: envelope.data.consentId },
          },
        ],
      });
    }
  }

  async get(actor: Actor, id: string): Promise<WorkOrderView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const order = await this.orders.find(manager, id, vendorOf(actor));
      if (!order) throw new NotFoundError('work order', id);
      return this.view(manager, order);
    });
  }

  async ofMatter(actor: Actor, matterId: string): Promise<WorkOrderList> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      const orders = await this.orders.ofMatter(manager, matterId, MATTER_LIST_LIMIT);
      const items: WorkOrderView[] = [];
      for (const order of orders) items.push(await this.view(manager, order));
      return { items };
    });
  }

  /**
   * Marks the firm's orders past due by `asOf` and publishes `docket.work-order.sla-breached` for each,
   * in one transaction per batch; a breach is recorded once per order, however many sweepers run.
   */
  async sweep(caller: ChangeCaller, asOf: Date): Promise<WorkOrderSweepView> {
    const breached: WorkOrderView[] = [];
    for (;;) {
      const batch = await withTenant(this.dataSource, caller.firmId, async (manager) => {
        const due = await this.orders.lockBreached(manager, asOf, SWEEP_BATCH);
        const detectedAt = this.clock.now();
        const views: WorkOrderView[] = [];
        for (const order of due) {
          order.slaBreachedAt = detectedAt;
          await this.orders.save(manager, order);
          await recordChange(manager, caller, {
            action: 'work-order.sla-breached',
            resourceType: 'work_order',
            resourceId: order.id,
            details: {
              matterId: order.matterId,
              vendorId: order.vendorId,
              dueAt: order.dueAt!.toISOString(),
            },
            events: [
              {
                type: WorkOrderSlaBreachedV1.type,
                aggregateId: order.id,
                data: { ...snapshot(order), detectedAt: detectedAt.toISOString() },
              },
            ],
          });
          views.push(await this.view(manager, order));
        }
        return views;
      });
      breached.push(...batch);
      if (batch.length < SWEEP_BATCH) return { asOf: asOf.toISOString(), breached };
    }
  }

  /**
   * Every firm's orders past due now: the background sweep (safe with several instances: rows are taken
   * FOR UPDATE SKIP LOCKED and marked in the same transaction). Returns how many breaches it recorded.
   */
  async sweepAll(): Promise<number> {
    const asOf = this.clock.now();
    const firms = await withScope(this.dataSource, WORK_ORDER_SLA_SWEEP_SCOPE, (manager) =>
      this.orders.firmsWithBreaches(manager, asOf),
    );
    let recorded = 0;
    for (const firmId of firms) {
      const result = await this.sweep(
        { firmId, actorType: 'service', subject: WORK_ORDER_SLA_SWEEP_SCOPE, correlationId: uuidv7() },
        asOf,
      );
      recorded += result.breached.length;
    }
    return recorded;
  }

  /**
   * The facts the vendor performance report computes its figures from (in the caller's transaction):
   * orders approved with their approved submission in [from, to), and open orders past due now.
   */
  async performanceFacts(
    manager: EntityManager,
    from: Date,
    to: Date,
  ): Promise<{ asOf: Date; facts: WorkOrderPerformanceFact[] }> {
    const asOf = this.clock.now();
    const orders = await this.orders.forPerformance(manager, from, to, asOf);
    return {
      asOf,
      facts: orders.map((order) => ({
        vendorId: order.vendorId,
        workType: order.workType,
        kind: DELIVERED_STATUSES.includes(order.status) ? ('delivered' as const) : ('past-sla' as const),
        acceptedAt: order.acceptedAt,
        submittedAt: order.submittedAt,
        dueAt: order.dueAt,
        returnCount: order.returnCount,
      })),
    };
  }

  private async view(manager: EntityManager, order: WorkOrder): Promise<WorkOrderView> {
    const suspended =
      OPEN_STATUSES.includes(order.status) &&
      !(await this.consents.covers(manager, order.clientId, order.workType, order.vendorId));
    return {
      id: order.id,
      matterId: order.matterId,
      vendorId: order.vendorId,
      workType: order.workType,
      instructions: order.instructions,
      documentIds: order.documentIds,
      slaHours: order.slaHours,
      dueBy: order.dueBy?.toISOString() ?? null,
      dueAt: order.dueAt?.toISOString() ?? null,
      status: order.status,
      suspended,
      returnReasons: order.returnReasons,
      returnCount: order.returnCount,
      slaBreachedAt: order.slaBreachedAt?.toISOString() ?? null,
      acceptedAt: order.acceptedAt?.toISOString() ?? null,
      submittedAt: order.submittedAt?.toISOString() ?? null,
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
    };
  }
}

/** One work order as the vendor performance report sees it. */
export interface WorkOrderPerformanceFact {
  vendorId: string;
  workType: string;
  /** Approved work with its approved submission in the range, or work the vendor owes past its due time. */
  kind: 'delivered' | 'past-sla';
  acceptedAt: Date | null;
  submittedAt: Date | null;
  dueAt: Date | null;
  returnCount: number;
}

/** Runs the background SLA sweep every `intervalMs` in this process; a failed round is logged and retried next time. */
@Injectable()
export class WorkOrderSlaSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly service: WorkOrderService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.service
        .sweepAll()
        .then((recorded) => {
          if (recorded > 0) this.logger.info({ recorded }, 'work order SLA breaches recorded');
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'work order SLA sweep failed'))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** The vendor organisation a vendor caller acts for (its token's subject); undefined for the firm's callers. */
function vendorOf(actor: Actor): string | undefined {
  if (actor.actorType !== 'vendor') return undefined;
  // A vendor subject that is no vendor organisation id reaches no order (the column is a uuid).
  return isUUID(actor.subject) ? actor.subject : NO_VENDOR;
}

const NO_VENDOR = '00000000-0000-0000-0000-000000000000';

function snapshot(order: WorkOrder): WorkOrderSnapshotV1 {
  return {
    workOrderId: order.id,
    matterId: order.matterId,
    vendorId: order.vendorId,
    workType: order.workType,
    status: order.status,
    dueAt: order.dueAt?.toISOString() ?? null,
  };
}
