import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import { assertMayAct, mayActOnAnyones, maySelfApprove, type Actor } from '@lawfirm/auth';
import {
  TimeEntryApprovedV1,
  TimeEntryRejectedV1,
  TimeEntryReversedV1,
  TimeEntrySubmittedV1,
  uuidv7,
  type EventEnvelope,
  type InvoiceIssuedV1,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { auditingDenials } from '../access-denials';
import { TIMEKEEPING_POLICY, type TimekeepingAction } from '../access-policy';
import { assertKnownTimeCodes } from '../codes/utbms-code.service';
import { GuidelineService, type Evaluation } from '../guidelines/guideline.service';
import { MatterService, type ProjectedMatter } from '../matters/matter.service';
import { TimekeeperService } from '../timekeepers/timekeeper.service';
import type {
  BulkResultView,
  BulkTimeEntriesDto,
  CreateTimeEntryDto,
  TimeEntryView,
  UpdateTimeEntryDto,
} from './dto/create-time-entry.dto';
import { billedTenthsFor, minutesFrom } from '@lawfirm/primitives';
import type { TimeEntry, TimeEntryStatus } from './time-entry.entity';
import { entryAudit, entrySnapshot, ledesCodeOf } from './time-entry.events';
import { GuidelineViolationError, InvalidTransitionError } from './time-entry.exception';
import { TimeEntryRepository } from './time-entry.repository';

// What other features may use of time entries, besides this service.
export { TimeEntryView } from './dto/create-time-entry.dto';
export type { CreateTimeEntryDto } from './dto/create-time-entry.dto';

@Injectable()
export class TimeEntryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: TimeEntryRepository,
    private readonly guidelines: GuidelineService,
    private readonly timekeepers: TimekeeperService,
    private readonly matters: MatterService,
  ) {}

  /**
   * Records a draft entry on an open matter. The raw minutes are kept as given; billed tenths
   * and any guideline violations are computed under the client's current guideline and
   * returned, so the timekeeper knows at once whether the client will accept it.
   */
  async create(actor: Actor, input: CreateTimeEntryDto): Promise<TimeEntryView> {
    return withTenant(this.dataSource, actor.firmId, (manager) => this.createWithin(manager, actor, input));
  }

  /** `create` inside the caller's transaction (a stopped timer becomes its draft atomically). */
  async createWithin(
    manager: EntityManager,
    actor: Actor,
    input: CreateTimeEntryDto,
  ): Promise<TimeEntryView> {
    const minutes = requireMinutes(input);
    assertKnownTimeCodes({ taskCode: input.taskCode, activityCode: input.activityCode });
    const matter = await this.matters.requireOpen(manager, input.matterId, 'time');
    const keeper = await this.timekeepers.resolve(manager, actor, input.timekeeperId);
    const evaluation = await this.guidelines.evaluate(manager, {
      clientId: matter.clientId,
      timekeeperId: keeper.timekeeperId,
      workDate: input.workDate,
      minutes,
      narrative: input.narrative,
      taskCode: input.taskCode ?? null,
      activityCode: input.activityCode ?? null,
    });
    const entry = await this.entries.insert(manager, {
      ...blankEntry(),
      id: uuidv7(),
      firmId: actor.firmId,
      matterId: input.matterId,
      timekeeperId: keeper.timekeeperId,
      classification: keeper.classification,
      ledesClassification: keeper.ledesClassification,
      outsourced: keeper.outsourced,
      workDate: input.workDate,
      minutes,
      narrative: input.narrative,
      billable: input.billable ?? true,
      taskCode: input.taskCode ?? null,
      activityCode: input.activityCode ?? null,
      createdBy: actor.subject,
      ...evaluated(minutes, evaluation),
    });
    await recordChange(manager, actor, { action: 'time-entry.created', ...entryAudit(entry) });
    return toTimeEntryView(entry);
  }

  /** Edits a draft (or a rejected entry, which returns to draft). Submitted time is never rewritten. */
  async update(actor: Actor, id: string, input: UpdateTimeEntryDto): Promise<TimeEntryView> {
    const minutes =
      input.minutes === undefined && input.duration === undefined ? undefined : requireMinutes(input);
    assertKnownTimeCodes({ taskCode: input.taskCode, activityCode: input.activityCode });
    return this.guarded(actor, id, (manager) => this.updateWithin(manager, actor, id, input, minutes));
  }

  private async updateWithin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    input: UpdateTimeEntryDto,
    minutes: number | undefined,
  ): Promise<TimeEntryView> {
    const entry = await this.lock(manager, id);
    await this.assertMayAct(manager, actor, 'time-entry.edit', entry);
    if (entry.status !== 'draft' && entry.status !== 'rejected')
      throw new InvalidTransitionError('edit', entry.status, 'draft or rejected');
    const matter = await this.matters.requireOpen(manager, entry.matterId, 'time');
    if (minutes !== undefined) entry.minutes = minutes;
    if (input.workDate !== undefined) entry.workDate = input.workDate;
    if (input.narrative !== undefined) entry.narrative = input.narrative;
    if (input.billable !== undefined) entry.billable = input.billable;
    if (input.taskCode !== undefined) entry.taskCode = input.taskCode;
    if (input.activityCode !== undefined) entry.activityCode = input.activityCode;
    const evaluation = await this.evaluate(manager, matter, entry);
    Object.assign(entry, evaluated(entry.minutes, evaluation), { status: 'draft', updatedAt: new Date() });
    const saved = await this.entries.save(manager, entry);
    await recordChange(manager, actor, { action: 'time-entry.updated', ...entryAudit(saved) });
    return toTimeEntryView(saved);
  }

  async submit(actor: Actor, id: string): Promise<TimeEntryView> {
    return this.guarded(actor, id, (manager) => this.submitWithin(manager, actor, id));
  }

  async approve(actor: Actor, id: string): Promise<TimeEntryView> {
    return this.guarded(actor, id, (manager) => this.approveWithin(manager, actor, id));
  }

  async reject(actor: Actor, id: string, reason: string): Promise<TimeEntryView> {
    return this.guarded(actor, id, async (manager) => {
      const entry = await this.lock(manager, id);
      await this.assertMayAct(manager, actor, 'time-entry.reject', entry);
      if (entry.status !== 'submitted') throw new InvalidTransitionError('reject', entry.status, 'submitted');
      Object.assign(entry, {
        status: 'rejected',
        rejectedAt: new Date(),
        rejectedBy: actor.subject,
        rejectionReason: reason,
        updatedAt: new Date(),
      });
      const saved = await this.entries.save(manager, entry);
      await recordChange(manager, actor, {
        action: 'time-entry.rejected',
        ...entryAudit(saved),
        events: [
          {
            type: TimeEntryRejectedV1.type,
            aggregateId: saved.id,
            data: { ...entrySnapshot(saved), reason, rejectedBy: actor.subject },
          },
        ],
      });
      return toTimeEntryView(saved);
    });
  }

  /**
   * Corrects approved or billed time without rewriting it: the original is voided and a new
   * entry carries its negative, so totals net to zero and the history stays intact.
   */
  async reverse(
    actor: Actor,
    id: string,
    reason?: string,
  ): Promise<{ reversed: TimeEntryView; reversal: TimeEntryView }> {
    return this.guarded(actor, id, async (manager) => {
      const original = await this.lock(manager, id);
      await this.assertMayAct(manager, actor, 'time-entry.reverse', original);
      if (original.status !== 'approved' && original.status !== 'billed') {
        throw new InvalidTransitionError('reverse', original.status, 'approved or billed');
      }
      const now = new Date();
      const reversal = await this.entries.insert(manager, {
        ...blankEntry(),
        id: uuidv7(),
        firmId: actor.firmId,
        matterId: original.matterId,
        timekeeperId: original.timekeeperId,
        classification: original.classification,
        ledesClassification: original.ledesClassification,
        outsourced: original.outsourced,
        workDate: original.workDate,
        minutes: -original.minutes,
        billedTenths: -original.billedTenths,
        narrative: `Reversal of ${original.id}${reason ? `: ${reason}` : ''}`,
        billable: original.billable,
        taskCode: original.taskCode,
        activityCode: original.activityCode,
        status: 'approved',
        approvedAt: now,
        approvedBy: actor.subject,
        reversesEntryId: original.id,
        guidelineVersion: original.guidelineVersion,
        createdBy: actor.subject,
      });
      Object.assign(original, {
        status: 'voided',
        voidedAt: now,
        reversedByEntryId: reversal.id,
        updatedAt: now,
      });
      const voided = await this.entries.save(manager, original);
      await recordChange(manager, actor, {
        action: 'time-entry.reversed',
        ...entryAudit(reversal),
        events: [
          {
            type: TimeEntryReversedV1.type,
            aggregateId: reversal.id,
            data: { ...entrySnapshot(reversal), reversedEntryId: original.id, ...(reason ? { reason } : {}) },
          },
        ],
      });
      return { reversed: toTimeEntryView(voided), reversal: toTimeEntryView(reversal) };
    });
  }

  /** Submits every draft that matches; entries a blocking guideline refuses are reported, not submitted. */
  async bulkSubmit(actor: Actor, filter: BulkTimeEntriesDto): Promise<BulkResultView> {
    return this.bulk(actor, filter, 'draft', 'time-entry.bulk-submit', (manager, id) =>
      this.submitWithin(manager, actor, id),
    );
  }

  async bulkApprove(actor: Actor, filter: BulkTimeEntriesDto): Promise<BulkResultView> {
    return this.bulk(actor, filter, 'submitted', 'time-entry.bulk-approve', (manager, id) =>
      this.approveWithin(manager, actor, id),
    );
  }

  /** Billing issued an invoice: its approved entries become billed. */
  async markBilled(envelope: EventEnvelope<InvoiceIssuedV1>, manager: EntityManager): Promise<void> {
    await this.entries.markBilled(
      manager,
      envelope.data.timeEntryIds,
      envelope.data.invoiceId,
      new Date(envelope.data.issuedAt),
    );
  }

  async get(actor: Actor, id: string): Promise<TimeEntryView> {
    const entry = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.entries.findById(manager, id),
    );
    if (!entry) throw new NotFoundError('time_entry', id);
    return toTimeEntryView(entry);
  }

  async list(
    actor: Actor,
    filters: { matterId?: string; matterIds?: string[]; status?: TimeEntryStatus; timekeeperId?: string },
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<TimeEntryView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.entries.list(manager, limit, filters, after),
    );
    return toPage(
      rows,
      limit,
      (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }),
      toTimeEntryView,
    );
  }

  private async submitWithin(manager: EntityManager, actor: Actor, id: string): Promise<TimeEntryView> {
    const entry = await this.lock(manager, id);
    await this.assertMayAct(manager, actor, 'time-entry.submit', entry);
    if (entry.status !== 'draft') throw new InvalidTransitionError('submit', entry.status, 'draft');
    const matter = await this.matters.requireOpen(manager, entry.matterId, 'time');
    // Re-evaluated now: the day's other entries or the client's guideline may have changed.
    const evaluation = await this.evaluate(manager, matter, entry);
    Object.assign(entry, evaluated(entry.minutes, evaluation));
    if (evaluation.mode === 'block' && evaluation.violations.length)
      throw new GuidelineViolationError(evaluation.violations);
    Object.assign(entry, { status: 'submitted', submittedAt: new Date(), updatedAt: new Date() });
    const saved = await this.entries.save(manager, entry);
    await recordChange(manager, actor, {
      action: 'time-entry.submitted',
      ...entryAudit(saved),
      events: [{ type: TimeEntrySubmittedV1.type, aggregateId: saved.id, data: entrySnapshot(saved) }],
    });
    return toTimeEntryView(saved);
  }

  private async approveWithin(manager: EntityManager, actor: Actor, id: string): Promise<TimeEntryView> {
    const entry = await this.lock(manager, id);
    await this.assertMayAct(manager, actor, 'time-entry.approve', entry);
    if (entry.status !== 'submitted') throw new InvalidTransitionError('approve', entry.status, 'submitted');
    const now = new Date();
    Object.assign(entry, { status: 'approved', approvedAt: now, approvedBy: actor.subject, updatedAt: now });
    const saved = await this.entries.save(manager, entry);
    await recordChange(manager, actor, {
      action: 'time-entry.approved',
      ...entryAudit(saved),
      events: [
        {
          type: TimeEntryApprovedV1.type,
          aggregateId: saved.id,
          data: { ...entrySnapshot(saved), approvedAt: now.toISOString(), approvedBy: actor.subject },
        },
      ],
    });
    return toTimeEntryView(saved);
  }

  private async bulk(
    actor: Actor,
    filter: BulkTimeEntriesDto,
    status: TimeEntryStatus,
    action: 'time-entry.bulk-submit' | 'time-entry.bulk-approve',
    apply: (manager: EntityManager, id: string) => Promise<TimeEntryView>,
  ): Promise<BulkResultView> {
    if (!filter.matterId && !filter.from && !filter.to) {
      throw new ValidationFailedError([
        { field: 'matterId', message: 'give a matterId and/or a date range (from, to)' },
      ]);
    }
    // Only what the caller may act on: a timekeeper bulk-submits their own drafts; an approver
    // bulk-approves everyone's but their own (unless they may self-approve).
    const permission = TIMEKEEPING_POLICY[action];
    const ids = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const own = await this.timekeepers.ownIds(manager, actor);
      return this.entries.idsFor(manager, {
        ...filter,
        status,
        ...(mayActOnAnyones(actor, permission) ? {} : { onlyTimekeeperIds: own }),
        ...('selfApproval' in permission && !maySelfApprove(actor, permission)
          ? { exceptTimekeeperIds: own, exceptCreatedBy: actor.subject }
          : {}),
      });
    });
    const result: BulkResultView = { succeeded: [], failed: [], skipped: [] };
    for (const id of ids) {
      try {
        // One transaction per entry: one refused entry does not hold back the others.
        await withTenant(this.dataSource, actor.firmId, (manager) => apply(manager, id));
        result.succeeded.push(id);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Listed in the wanted status but no longer in it under the lock: a concurrent request won.
        (error instanceof InvalidTransitionError ? result.skipped : result.failed).push({
          id,
          code: error.code,
          message: error.message,
        });
      }
    }
    return result;
  }

  /** One transaction for a change to entry `id`; a refusal by an access rule is audited. */
  private guarded<T>(actor: Actor, id: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return auditingDenials(this.dataSource, actor, { type: 'time_entry', id }, () =>
      withTenant(this.dataSource, actor.firmId, work),
    );
  }

  /** The policy's own-versus-anyone's rule for `entry` (own = the caller's timekeeper profile or subject). */
  private async assertMayAct(
    manager: EntityManager,
    actor: Actor,
    action: TimekeepingAction,
    entry: TimeEntry,
  ): Promise<void> {
    const own = await this.timekeepers.ownIds(manager, actor);
    const approval =
      action === 'time-entry.approve' || action === 'time-entry.reject' || action === 'time-entry.reverse';
    // Four eyes: time you recorded for someone else is yours to approve no more than your own.
    const isOwn = own.includes(entry.timekeeperId) || (approval && entry.createdBy === actor.subject);
    assertMayAct(actor, TIMEKEEPING_POLICY, action, isOwn, { approval, noun: 'time entry' });
  }

  private async lock(manager: EntityManager, id: string): Promise<TimeEntry> {
    const entry = await this.entries.findForUpdate(manager, id);
    if (!entry) throw new NotFoundError('time_entry', id);
    return entry;
  }

  private evaluate(manager: EntityManager, matter: ProjectedMatter, entry: TimeEntry): Promise<Evaluation> {
    return this.guidelines.evaluate(manager, {
      clientId: matter.clientId,
      timekeeperId: entry.timekeeperId,
      workDate: entry.workDate,
      minutes: entry.minutes,
      narrative: entry.narrative,
      taskCode: entry.taskCode,
      activityCode: entry.activityCode,
      excludeEntryId: entry.id,
    });
  }
}

/** The minutes of an entry from exactly one of `minutes` or `duration` (422 naming the field otherwise). */
export function requireMinutes(input: Pick<CreateTimeEntryDto, 'minutes' | 'duration'>): number {
  const result = minutesFrom(input.minutes, input.duration);
  if (!result.ok) throw new ValidationFailedError([{ field: result.field, message: result.message }]);
  return result.minutes;
}

function evaluated(
  minutes: number,
  evaluation: Evaluation,
): Pick<TimeEntry, 'billedTenths' | 'guidelineVersion' | 'violations'> {
  return {
    billedTenths: billedTenthsFor(minutes, evaluation.incrementMinutes),
    guidelineVersion: evaluation.version,
    violations: evaluation.violations,
  };
}

function blankEntry(): Omit<
  TimeEntry,
  | 'createdAt'
  | 'id'
  | 'firmId'
  | 'matterId'
  | 'timekeeperId'
  | 'workDate'
  | 'minutes'
  | 'narrative'
  | 'billable'
  | 'createdBy'
> {
  return {
    billedTenths: 0,
    status: 'draft',
    submittedAt: null,
    approvedAt: null,
    approvedBy: null,
    classification: null,
    ledesClassification: null,
    outsourced: false,
    taskCode: null,
    activityCode: null,
    guidelineVersion: null,
    violations: [],
    rejectedAt: null,
    rejectedBy: null,
    rejectionReason: null,
    billedAt: null,
    invoiceId: null,
    reversesEntryId: null,
    reversedByEntryId: null,
    voidedAt: null,
    externalId: null,
    source: 'api',
    updatedAt: new Date(),
  };
}

export function toTimeEntryView(entry: TimeEntry): TimeEntryView {
  const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
  return {
    id: entry.id,
    matterId: entry.matterId,
    timekeeperId: entry.timekeeperId,
    classification: entry.classification,
    ledesClassification: ledesCodeOf(entry),
    workDate: entry.workDate,
    minutes: entry.minutes,
    billedTenths: entry.billedTenths,
    narrative: entry.narrative,
    billable: entry.billable,
    taskCode: entry.taskCode,
    activityCode: entry.activityCode,
    outsourced: entry.outsourced,
    status: entry.status,
    violations: entry.violations,
    guidelineVersion: entry.guidelineVersion,
    createdAt: entry.createdAt.toISOString(),
    submittedAt: iso(entry.submittedAt),
    approvedAt: iso(entry.approvedAt),
    approvedBy: entry.approvedBy,
    rejectionReason: entry.rejectionReason,
    invoiceId: entry.invoiceId,
    reversesEntryId: entry.reversesEntryId,
    reversedByEntryId: entry.reversedByEntryId,
    externalId: entry.externalId,
  };
}
