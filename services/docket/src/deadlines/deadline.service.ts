import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import {
  DeadlineAddedV1,
  DeadlineChangedV1,
  DeadlineRemovedV1,
  uuidv7,
  type DeadlineSnapshotV1,
  type DomainEvent,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { ReminderService } from '../reminders/reminder.service';
import { RuleSetService, type CourtClosure, type RuleSetDefinition } from '../rules/rule-set.service';
import { isUniqueViolation } from '../unique-violation';
import type { Deadline } from './deadline.entity';
import { deadlineSnapshot, triggerAudit } from './deadline.events';
import {
  DeadlineAlreadyDoneError,
  DeadlineNotUnderReviewError,
  MatterClosedError,
  TriggerExistsError,
} from './deadline.exception';
import { DeadlineRepository } from './deadline.repository';
import type {
  ClosureList,
  ClosureResultView,
  ClosureView,
  CreateTriggerDto,
  DeadlineChangesView,
  DeadlineView,
  TriggerRemovedView,
  TriggerResultView,
  TriggerView,
  UpdateTriggerDto,
} from './dto/deadline.dto';
import type { Trigger } from './trigger.entity';

/** The longest range a firm-wide deadline list covers in one request. */
const MAX_RANGE_DAYS = 366;

/** A deadline as a calendar feed reads it. */
export type CalendarDeadline = Deadline;

interface Recalculation {
  changes: DeadlineChangesView;
  events: DomainEvent[];
  deadlines: Deadline[];
}

/**
 * Triggers and the deadlines computed from them. Every change of a trigger (or a declared court
 * closure) recomputes its deadlines in the same transaction and answers what changed; a deadline
 * a lawyer completed or set by hand is never moved by a recalculation, only flagged for review.
 */
@Injectable()
export class DeadlineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    private readonly rules: RuleSetService,
    private readonly matters: MatterProjectionService,
    private readonly reminders: ReminderService,
  ) {}

  async createTrigger(actor: Actor, matterId: string, input: CreateTriggerDto): Promise<TriggerResultView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireOpenMatter(manager, matterId);
      const ruleSet = await this.rules.inForce(manager, input.ruleSetId, input.triggerDate);
      checkTriggerInput(ruleSet, input.triggerEvent, input.serviceMethod);
      const now = new Date();
      const trigger: Trigger = {
        firmId: actor.firmId,
        id: uuidv7(),
        matterId,
        ruleSetId: ruleSet.id,
        ruleSetVersion: ruleSet.version,
        triggerEvent: input.triggerEvent,
        triggerDate: input.triggerDate,
        serviceMethod: input.serviceMethod ?? null,
        party: input.party ?? '',
        description: input.description ?? null,
        createdBy: actor.subject,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await this.deadlines.insertTrigger(manager, trigger);
      } catch (error) {
        if (isUniqueViolation(error, 'triggers_firm_event')) throw new TriggerExistsError(input.triggerEvent);
        throw error;
      }
      const result = await this.recalculate(manager, trigger, ruleSet, [], now);
      await recordChange(manager, actor, {
        action: 'trigger.created',
        ...withCounts(triggerAudit(trigger), result.changes),
        events: result.events,
      });
      return {
        trigger: toTriggerView(trigger),
        deadlines: result.deadlines.map(toDeadlineView),
        changes: result.changes,
      };
    });
  }

  async updateTrigger(actor: Actor, id: string, input: UpdateTriggerDto): Promise<TriggerResultView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const trigger = await this.deadlines.lockTrigger(manager, id);
      if (!trigger) throw new NotFoundError('trigger', id);
      await this.requireOpenMatter(manager, trigger.matterId);
      const triggerDate = input.triggerDate ?? trigger.triggerDate;
      // A new date may fall under another version of the rule set.
      const ruleSet = await this.rules.inForce(manager, trigger.ruleSetId, triggerDate);
      const serviceMethod = input.serviceMethod === undefined ? trigger.serviceMethod : input.serviceMethod;
      checkTriggerInput(ruleSet, trigger.triggerEvent, serviceMethod ?? undefined);
      const before = { triggerDate: trigger.triggerDate, serviceMethod: trigger.serviceMethod };
      const now = new Date();
      Object.assign(trigger, {
        triggerDate,
        serviceMethod,
        ruleSetVersion: ruleSet.version,
        ...(input.description !== undefined ? { description: input.description } : {}),
        updatedAt: now,
      });
      await this.deadlines.saveTrigger(manager, trigger);
      const existing = await this.deadlines.deadlinesOfTrigger(manager, trigger.id);
      const result = await this.recalculate(manager, trigger, ruleSet, existing, now);
      const audit = withCounts(triggerAudit(trigger), result.changes);
      await recordChange(manager, actor, {
        action: 'trigger.changed',
        ...audit,
        details: {
          ...audit.details,
          previousTriggerDate: before.triggerDate,
          previousServiceMethod: before.serviceMethod,
        },
        events: result.events,
      });
      return {
        trigger: toTriggerView(trigger),
        deadlines: result.deadlines.map(toDeadlineView),
        changes: result.changes,
      };
    });
  }

  /** Removes a trigger and every deadline it started, and lists them (done or hand-set ones flagged as such). */
  async removeTrigger(actor: Actor, id: string): Promise<TriggerRemovedView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const trigger = await this.deadlines.lockTrigger(manager, id);
      if (!trigger) throw new NotFoundError('trigger', id);
      await this.requireOpenMatter(manager, trigger.matterId);
      const existing = await this.deadlines.deadlinesOfTrigger(manager, trigger.id);
      const changes = emptyChanges();
      const events: DomainEvent[] = [];
      for (const deadline of existing) {
        await this.reminders.cancel(manager, deadline.id);
        changes.removed.push({
          deadline: toDeadlineView(deadline),
          wasDone: deadline.status === 'done',
          wasOverridden: deadline.overriddenAt !== null,
        });
        events.push({
          type: DeadlineRemovedV1.type,
          aggregateId: deadline.id,
          data: { reason: 'trigger-removed', before: deadlineSnapshot(deadline, trigger) },
        });
      }
      await this.deadlines.deleteTrigger(manager, trigger.id);
      await recordChange(manager, actor, {
        action: 'trigger.removed',
        ...withCounts(triggerAudit(trigger), changes),
        events,
      });
      return { changes };
    });
  }

  async getTrigger(actor: Actor, id: string): Promise<Omit<TriggerResultView, 'changes'>> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const trigger = await this.deadlines.findTrigger(manager, id);
      if (!trigger) throw new NotFoundError('trigger', id);
      const deadlines = await this.deadlines.deadlinesOfTrigger(manager, id);
      return { trigger: toTriggerView(trigger), deadlines: deadlines.map(toDeadlineView) };
    });
  }

  async triggersOfMatter(
    actor: Actor,
    matterId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<TriggerView>> {
    const after = decodeCursor(cursor, 'date');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.deadlines.triggersOfMatter(manager, matterId, limit, after);
      if (rows.length === 0 && !after && !(await this.matters.find(manager, matterId)))
        throw new NotFoundError('matter', matterId);
      return toPage(rows, limit, (row) => ({ sortKey: row.triggerDate, id: row.id }), toTriggerView);
    });
  }

  async deadlinesOfMatter(
    actor: Actor,
    matterId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<DeadlineView>> {
    const after = decodeCursor(cursor, 'date');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.deadlines.page(manager, { matterId }, limit, after);
      if (rows.length === 0 && !after && !(await this.matters.find(manager, matterId)))
        throw new NotFoundError('matter', matterId);
      return toPage(rows, limit, (row) => ({ sortKey: row.dueDate, id: row.id }), toDeadlineView);
    });
  }

  /** The firm's deadlines due between two days, soonest first. */
  async deadlinesBetween(
    actor: Actor,
    from: string,
    to: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<DeadlineView>> {
    checkRange(from, to);
    const after = decodeCursor(cursor, 'date');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.deadlines.page(manager, { from, to }, limit, after);
      return toPage(rows, limit, (row) => ({ sortKey: row.dueDate, id: row.id }), toDeadlineView);
    });
  }

  /** The deadlines a calendar feed shows (inside the feed's transaction): due between two days, soonest first. */
  forCalendar(
    manager: EntityManager,
    filter: { matterId?: string; from: string; to: string },
    limit: number,
  ): Promise<CalendarDeadline[]> {
    return this.deadlines.page(manager, filter, limit - 1);
  }

  /** Where deadlines stand (inside the caller's transaction): matter and date in force, by id; unknown ids are absent. */
  async datesInForce(
    manager: EntityManager,
    ids: string[],
  ): Promise<Map<string, { matterId: string; dueDate: string; status: string }>> {
    const found = await this.deadlines.findDeadlines(manager, [...new Set(ids)]);
    return new Map(
      found.map((deadline) => [
        deadline.id,
        { matterId: deadline.matterId, dueDate: deadline.dueDate, status: deadline.status },
      ]),
    );
  }

  async getDeadline(actor: Actor, id: string): Promise<DeadlineView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const deadline = await this.deadlines.findDeadline(manager, id);
      if (!deadline) throw new NotFoundError('deadline', id);
      return toDeadlineView(deadline);
    });
  }

  async completeDeadline(actor: Actor, id: string): Promise<DeadlineView> {
    return this.changeDeadline(actor, id, 'completed', (deadline, now) => {
      if (deadline.status === 'done') throw new DeadlineAlreadyDoneError(id);
      Object.assign(deadline, { status: 'done', completedAt: now, completedBy: actor.subject });
    });
  }

  /** Sets the date in force by hand; later recalculations flag the deadline instead of moving it. */
  async overrideDeadline(
    actor: Actor,
    id: string,
    input: { dueDate: string; reason: string },
  ): Promise<DeadlineView> {
    return this.changeDeadline(actor, id, 'overridden', (deadline, now) => {
      Object.assign(deadline, {
        dueDate: input.dueDate,
        overriddenAt: now,
        overriddenBy: actor.subject,
        overrideReason: input.reason,
        needsReview: false,
        reviewNote: null,
      });
    });
  }

  /** Settles a flagged deadline: keep its date in force, or take the date the rules now give. */
  async reviewDeadline(
    actor: Actor,
    id: string,
    decision: 'keep' | 'accept-computed',
  ): Promise<DeadlineView> {
    return this.changeDeadline(actor, id, 'reviewed', (deadline) => {
      if (!deadline.needsReview) throw new DeadlineNotUnderReviewError(id);
      Object.assign(deadline, { needsReview: false, reviewNote: null });
      if (decision === 'accept-computed')
        Object.assign(deadline, {
          dueDate: deadline.computedDate,
          overriddenAt: null,
          overriddenBy: null,
          overrideReason: null,
        });
    });
  }

  /**
   * Declares the clerk's office of a court calendar closed on a day (FRCP 6(a)(3)) and recomputes
   * every trigger of the firm whose counting spans that day, answering what moved.
   */
  async declareClosure(
    actor: Actor,
    input: { calendarId: string; date: string; reason: string },
  ): Promise<ClosureResultView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const closure = await this.rules.declareClosure(manager, actor.firmId, actor.subject, input);
      const changes = emptyChanges();
      const events: DomainEvent[] = [];
      const now = new Date();
      for (const trigger of await this.deadlines.triggersSpanning(manager, input.date)) {
        const ruleSet = await this.rules.version(manager, trigger.ruleSetId, trigger.ruleSetVersion);
        if (ruleSet.holidayCalendar.id !== input.calendarId) continue;
        const existing = await this.deadlines.deadlinesOfTrigger(manager, trigger.id);
        const result = await this.recalculate(manager, trigger, ruleSet, existing, now);
        for (const kind of ['added', 'moved', 'flagged', 'removed'] as const)
          (changes[kind] as unknown[]).push(...result.changes[kind]);
        events.push(...result.events);
      }
      await recordChange(manager, actor, {
        action: 'court-closure.declared',
        resourceType: 'court_closure',
        resourceId: closure.id,
        details: {
          calendarId: closure.calendarId,
          date: closure.closedOn,
          reason: closure.reason,
          moved: changes.moved.length,
          flagged: changes.flagged.length,
        },
        events,
      });
      return { closure: toClosureView(closure), changes };
    });
  }

  async closuresBetween(actor: Actor, from: string, to: string): Promise<ClosureList> {
    checkRange(from, to);
    return withTenant(this.dataSource, actor.firmId, async (manager) => ({
      items: (await this.rules.closuresBetween(manager, from, to)).map(toClosureView),
    }));
  }

  private async changeDeadline(
    actor: Actor,
    id: string,
    reason: 'completed' | 'overridden' | 'reviewed',
    apply: (deadline: Deadline, now: Date) => void,
  ): Promise<DeadlineView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const deadline = await this.deadlines.lockDeadline(manager, id);
      if (!deadline) throw new NotFoundError('deadline', id);
      const trigger = await this.deadlines.findTrigger(manager, deadline.triggerId);
      if (!trigger) throw new NotFoundError('deadline', id);
      const before = deadlineSnapshot(deadline, trigger);
      const now = new Date();
      apply(deadline, now);
      deadline.updatedAt = now;
      await this.deadlines.saveDeadline(manager, deadline);
      await this.planReminders(manager, deadline);
      const after = deadlineSnapshot(deadline, trigger);
      await recordChange(manager, actor, {
        action: `deadline.${reason}`,
        resourceType: 'deadline',
        resourceId: deadline.id,
        details: {
          matterId: deadline.matterId,
          ruleCode: deadline.ruleCode,
          dueDate: deadline.dueDate,
          status: deadline.status,
        },
        events: [{ type: DeadlineChangedV1.type, aggregateId: deadline.id, data: { reason, before, after } }],
      });
      return toDeadlineView(deadline);
    });
  }

  /** An open deadline is reminded of on its date in force; a done one no longer. */
  private async planReminders(manager: EntityManager, deadline: Deadline): Promise<void> {
    if (deadline.status === 'done') return this.reminders.cancel(manager, deadline.id);
    await this.reminders.planDeadline(
      manager,
      { firmId: deadline.firmId, itemId: deadline.id, matterId: deadline.matterId, title: deadline.name },
      deadline.dueDate,
      deadline.dueTime,
    );
  }

  private async requireOpenMatter(manager: EntityManager, matterId: string): Promise<void> {
    const matter = await this.matters.find(manager, matterId);
    if (!matter) throw new NotFoundError('matter', matterId);
    if (matter.status === 'closed') throw new MatterClosedError(matterId);
  }

  /**
   * Recomputes a trigger's deadlines and brings the stored ones in line: new ones added, open
   * ones moved, completed or hand-set ones flagged (their date in force kept), ones whose rule no
   * longer applies removed. Returns the difference and its events; the caller records them.
   */
  private async recalculate(
    manager: EntityManager,
    trigger: Trigger,
    ruleSet: RuleSetDefinition,
    existing: Deadline[],
    now: Date,
  ): Promise<Recalculation> {
    const fixedDates = new Map(
      existing
        .filter((deadline) => deadline.overriddenAt !== null)
        .map((deadline) => [deadline.ruleCode, deadline.dueDate]),
    );
    const planned = await this.rules.plan(manager, ruleSet, {
      triggerEvent: trigger.triggerEvent,
      triggerDate: trigger.triggerDate,
      ...(trigger.serviceMethod ? { serviceMethod: trigger.serviceMethod } : {}),
      fixedDates,
    });
    const byRule = new Map(existing.map((deadline) => [deadline.ruleCode, deadline]));
    const changes = emptyChanges();
    const events: DomainEvent[] = [];
    const current: Deadline[] = [];
    const snapshot = (deadline: Deadline): DeadlineSnapshotV1 => deadlineSnapshot(deadline, trigger);

    for (const plan of planned) {
      const rule = ruleSet.rules.find((candidate) => candidate.code === plan.ruleCode)!;
      const dueTime = plan.dueTime ?? null;
      const old = byRule.get(plan.ruleCode);
      byRule.delete(plan.ruleCode);
      if (!old) {
        const added = await this.deadlines.insertDeadline(manager, {
          firmId: trigger.firmId,
          id: uuidv7(),
          matterId: trigger.matterId,
          triggerId: trigger.id,
          ruleCode: plan.ruleCode,
          parentRuleCode: plan.parentRuleCode ?? null,
          name: rule.name,
          citation: rule.citation,
          computedDate: plan.dueDate,
          dueDate: plan.dueDate,
          dueTime,
          explanation: plan.explanation,
          status: 'open',
          completedAt: null,
          completedBy: null,
          overriddenAt: null,
          overriddenBy: null,
          overrideReason: null,
          needsReview: false,
          reviewNote: null,
          createdAt: now,
          updatedAt: now,
        });
        await this.planReminders(manager, added);
        changes.added.push(toDeadlineView(added));
        events.push({ type: DeadlineAddedV1.type, aggregateId: added.id, data: snapshot(added) });
        current.push(added);
        continue;
      }
      const before = snapshot(old);
      const computedFrom = old.computedDate;
      const unchanged = computedFrom === plan.dueDate && old.dueTime === dueTime;
      Object.assign(old, {
        name: rule.name,
        citation: rule.citation,
        parentRuleCode: plan.parentRuleCode ?? null,
        computedDate: plan.dueDate,
        explanation: plan.explanation,
        updatedAt: now,
      });
      if (unchanged) {
        // Same date: the explanation may read differently (a new rule-set version), nothing moved.
        await this.deadlines.saveDeadline(manager, old);
      } else if (old.status === 'done' || old.overriddenAt !== null) {
        const protectedBecause = old.status === 'done' ? 'done' : 'overridden';
        Object.assign(old, {
          needsReview: true,
          reviewNote: `The rules now give ${plan.dueDate} (was ${computedFrom}); ${old.dueDate} was kept because the deadline is ${protectedBecause === 'done' ? 'marked done' : 'set by hand'}.`,
        });
        await this.deadlines.saveDeadline(manager, old);
        changes.flagged.push({
          deadline: toDeadlineView(old),
          computedFrom,
          computedTo: plan.dueDate,
          protectedBecause,
        });
        events.push({
          type: DeadlineChangedV1.type,
          aggregateId: old.id,
          data: { reason: 'recalculated', before, after: snapshot(old) },
        });
      } else {
        const from = old.dueDate;
        Object.assign(old, { dueDate: plan.dueDate, dueTime });
        await this.deadlines.saveDeadline(manager, old);
        await this.planReminders(manager, old);
        changes.moved.push({ deadline: toDeadlineView(old), from, to: plan.dueDate });
        events.push({
          type: DeadlineChangedV1.type,
          aggregateId: old.id,
          data: { reason: 'recalculated', before, after: snapshot(old) },
        });
      }
      current.push(old);
    }
    for (const gone of byRule.values()) {
      await this.deadlines.deleteDeadline(manager, gone.id);
      await this.reminders.cancel(manager, gone.id);
      changes.removed.push({
        deadline: toDeadlineView(gone),
        wasDone: gone.status === 'done',
        wasOverridden: gone.overriddenAt !== null,
      });
      events.push({
        type: DeadlineRemovedV1.type,
        aggregateId: gone.id,
        data: { reason: 'recalculated', before: snapshot(gone) },
      });
    }
    current.sort((a, b) =>
      a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.ruleCode < b.ruleCode ? -1 : 1,
    );
    return { changes, events, deadlines: current };
  }
}

function checkTriggerInput(
  ruleSet: RuleSetDefinition,
  triggerEvent: string,
  serviceMethod: string | undefined,
): void {
  const errors = [];
  if (!ruleSet.triggerEvents.some((event) => event.code === triggerEvent))
    errors.push({
      field: 'triggerEvent',
      message: `triggerEvent must be one of ${ruleSet.id} v${ruleSet.version}'s events: ${ruleSet.triggerEvents.map((event) => event.code).join(', ')}`,
    });
  if (serviceMethod !== undefined && !ruleSet.serviceMethods.some((method) => method.code === serviceMethod))
    errors.push({
      field: 'serviceMethod',
      message: `serviceMethod must be one of ${ruleSet.id} v${ruleSet.version}'s methods: ${ruleSet.serviceMethods.map((method) => method.code).join(', ')}`,
    });
  if (errors.length) throw new ValidationFailedError(errors);
}

function checkRange(from: string, to: string): void {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
  if (days > MAX_RANGE_DAYS)
    throw new ValidationFailedError([
      { field: 'to', message: `to must be at most ${MAX_RANGE_DAYS} days after from` },
    ]);
}

function emptyChanges(): DeadlineChangesView {
  return { added: [], moved: [], flagged: [], removed: [] };
}

function withCounts<T extends { details: Record<string, string | number> }>(
  audit: T,
  changes: DeadlineChangesView,
): T {
  return {
    ...audit,
    details: {
      ...audit.details,
      added: changes.added.length,
      moved: changes.moved.length,
      flagged: changes.flagged.length,
      removed: changes.removed.length,
    },
  };
}

export function toDeadlineView(deadline: Deadline): DeadlineView {
  return {
    id: deadline.id,
    matterId: deadline.matterId,
    triggerId: deadline.triggerId,
    ruleCode: deadline.ruleCode,
    parentRuleCode: deadline.parentRuleCode,
    name: deadline.name,
    citation: deadline.citation,
    computedDate: deadline.computedDate,
    dueDate: deadline.dueDate,
    dueTime: deadline.dueTime,
    status: deadline.status,
    overridden: deadline.overriddenAt !== null,
    overrideReason: deadline.overrideReason,
    needsReview: deadline.needsReview,
    reviewNote: deadline.reviewNote,
    completedAt: deadline.completedAt?.toISOString() ?? null,
    explanation: deadline.explanation,
  };
}

function toTriggerView(trigger: Trigger): TriggerView {
  return {
    id: trigger.id,
    matterId: trigger.matterId,
    ruleSetId: trigger.ruleSetId,
    ruleSetVersion: trigger.ruleSetVersion,
    triggerEvent: trigger.triggerEvent,
    triggerDate: trigger.triggerDate,
    serviceMethod: trigger.serviceMethod,
    party: trigger.party,
    description: trigger.description,
    createdAt: trigger.createdAt.toISOString(),
    updatedAt: trigger.updatedAt.toISOString(),
  };
}

function toClosureView(closure: CourtClosure): ClosureView {
  return {
    id: closure.id,
    calendarId: closure.calendarId,
    date: closure.closedOn,
    reason: closure.reason,
    createdAt: closure.createdAt.toISOString(),
  };
}
