import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { auditChange } from '@lawfirm/audit';
import { TimeEntryApprovedV1, uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { findProjectedMatter } from '@lawfirm/matter-projection';
import { appendToOutbox } from '@lawfirm/messaging';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { billedTenthsFor } from './billed-units';
import type { CreateTimeEntryDto, TimeEntryView } from './dto/create-time-entry.dto';
import type { TimeEntry, TimeEntryStatus } from './time-entry.entity';
import { InvalidTransitionError, MatterNotOpenError, MatterUnknownError } from './time-entry.exception';
import { TimeEntryRepository } from './time-entry.repository';

@Injectable()
export class TimeEntryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: TimeEntryRepository,
  ) {}

  /** Records a draft entry; only an open matter this service has heard of accepts time. */
  async create(actor: Actor, input: CreateTimeEntryDto): Promise<TimeEntryView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const matter = await findProjectedMatter(manager, input.matterId);
      if (!matter) throw new MatterUnknownError(input.matterId);
      if (matter.status !== 'open') throw new MatterNotOpenError(input.matterId, matter.status);
      const entry = await this.entries.insert(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        matterId: input.matterId,
        timekeeperId: actor.subject,
        workDate: input.workDate,
        minutes: input.minutes,
        billedTenths: billedTenthsFor(input.minutes),
        narrative: input.narrative,
        billable: input.billable ?? true,
        status: 'draft',
        createdBy: actor.subject,
        submittedAt: null,
        approvedAt: null,
        approvedBy: null,
      });
      await this.audit(manager, actor, 'time-entry.created', entry);
      return toTimeEntryView(entry);
    });
  }

  async submit(actor: Actor, id: string): Promise<TimeEntryView> {
    return this.transition(actor, id, 'submit', 'draft', async (manager, entry) => {
      entry.status = 'submitted';
      entry.submittedAt = new Date();
      await this.audit(manager, actor, 'time-entry.submitted', entry);
    });
  }

  /** Approval is what billing waits for: the event carries everything WIP needs. */
  async approve(actor: Actor, id: string): Promise<TimeEntryView> {
    return this.transition(actor, id, 'approve', 'submitted', async (manager, entry) => {
      entry.status = 'approved';
      entry.approvedAt = new Date();
      entry.approvedBy = actor.subject;
      const data: TimeEntryApprovedV1 = {
        timeEntryId: entry.id,
        matterId: entry.matterId,
        timekeeperId: entry.timekeeperId,
        workDate: entry.workDate,
        minutes: entry.minutes,
        billedTenths: entry.billedTenths,
        narrative: entry.narrative,
        billable: entry.billable,
        approvedAt: entry.approvedAt.toISOString(),
        approvedBy: actor.subject,
      };
      await appendToOutbox(manager, {
        type: TimeEntryApprovedV1.type,
        firmId: actor.firmId,
        aggregateId: entry.id,
        actor: { type: actor.actorType, id: actor.subject },
        correlationId: actor.correlationId,
        data,
      });
      await this.audit(manager, actor, 'time-entry.approved', entry);
    });
  }

  async get(actor: Actor, id: string): Promise<TimeEntryView> {
    const entry = await withTenant(this.dataSource, actor.firmId, (manager) => this.entries.findById(manager, id));
    if (!entry) throw new NotFoundError('time_entry', id);
    return toTimeEntryView(entry);
  }

  async list(
    actor: Actor,
    filters: { matterId?: string; status?: TimeEntryStatus },
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<TimeEntryView>> {
    const after = decodeCursor(cursor);
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) => this.entries.list(manager, limit, filters, after));
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toTimeEntryView);
  }

  private async transition(
    actor: Actor,
    id: string,
    action: string,
    from: TimeEntryStatus,
    apply: (manager: EntityManager, entry: TimeEntry) => Promise<void>,
  ): Promise<TimeEntryView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const entry = await this.entries.findForUpdate(manager, id);
      if (!entry) throw new NotFoundError('time_entry', id);
      if (entry.status !== from) throw new InvalidTransitionError(action, entry.status, from);
      await apply(manager, entry);
      return toTimeEntryView(await this.entries.save(manager, entry));
    });
  }

  private audit(manager: EntityManager, actor: Actor, action: string, entry: TimeEntry): Promise<void> {
    return auditChange(manager, {
      firmId: actor.firmId,
      actor: { type: actor.actorType, id: actor.subject },
      action,
      resourceType: 'time-entry',
      resourceId: entry.id,
      correlationId: actor.correlationId,
      requestId: actor.requestId,
      details: { matterId: entry.matterId, minutes: entry.minutes },
    });
  }
}

export function toTimeEntryView(entry: TimeEntry): TimeEntryView {
  return {
    id: entry.id,
    matterId: entry.matterId,
    timekeeperId: entry.timekeeperId,
    workDate: entry.workDate,
    minutes: entry.minutes,
    billedTenths: entry.billedTenths,
    narrative: entry.narrative,
    billable: entry.billable,
    status: entry.status,
    createdAt: entry.createdAt.toISOString(),
    submittedAt: entry.submittedAt ? entry.submittedAt.toISOString() : null,
    approvedAt: entry.approvedAt ? entry.approvedAt.toISOString() : null,
    approvedBy: entry.approvedBy,
  };
}
