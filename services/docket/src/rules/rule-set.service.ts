import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { CourtCalendar, holidaysOf, type Holiday } from './court-calendar';
import type { CourtClosure } from './court-closure.entity';
import {
  computeDeadline,
  DeadlineComputationError,
  planDeadlines,
  type DeadlineComputation,
  type PlannedDeadline,
  type RuleSetDefinition,
} from './deadline.rules';
import {
  CourtClosureExistsError,
  DeadlineNotComputableError,
  RuleSetNotInForceError,
} from './rule-set.exception';
import { RuleSetRepository } from './rule-set.repository';
import { isUniqueViolation } from '../unique-violation';

export type { ExplanationLine, PlannedDeadline, RuleSetDefinition } from './deadline.rules';
export type { CourtClosure } from './court-closure.entity';

/**
 * Rule sets and court calendars as the rest of the service sees them: the version in force on a
 * date, the calendar it counts on (with the firm's declared closures), and the calculator run
 * over them. Every method takes the caller's tenant transaction.
 */
@Injectable()
export class RuleSetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetRepository,
  ) {}

  /** Every version of every rule set (reference data, the same for every firm). */
  list(actor: Actor): Promise<RuleSetDefinition[]> {
    return withTenant(this.dataSource, actor.firmId, (manager) => this.all(manager));
  }

  /** The "what if": one rule's deadline under the version in force on the date, with the firm's closures. */
  whatIf(
    actor: Actor,
    input: {
      ruleSetId: string;
      ruleCode: string;
      triggerDate: string;
      triggerTime?: string;
      serviceMethod?: string;
    },
  ): Promise<{ ruleSet: RuleSetDefinition; computed: DeadlineComputation }> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const ruleSet = await this.inForce(manager, input.ruleSetId, input.triggerDate);
      return { ruleSet, computed: await this.computeOne(manager, ruleSet, input) };
    });
  }

  /** The version of `ruleSetId` in force on `date`; 400 for an unknown set, 422 when none was in force. */
  async inForce(manager: EntityManager, ruleSetId: string, date: string): Promise<RuleSetDefinition> {
    const record = await this.ruleSets.inForce(manager, ruleSetId, date);
    if (record) return record.definition;
    if (!(await this.ruleSets.exists(manager, ruleSetId)))
      throw new ValidationFailedError([
        { field: 'ruleSetId', message: `ruleSetId ${ruleSetId} is not a known rule set` },
      ]);
    throw new RuleSetNotInForceError(ruleSetId, date);
  }

  async version(manager: EntityManager, ruleSetId: string, version: number): Promise<RuleSetDefinition> {
    const record = await this.ruleSets.version(manager, ruleSetId, version);
    if (!record) throw new NotFoundError('rule_set', `${ruleSetId} v${version}`);
    return record.definition;
  }

  async all(manager: EntityManager): Promise<RuleSetDefinition[]> {
    return (await this.ruleSets.all(manager)).map((record) => record.definition);
  }

  /** The court calendar a rule set counts on, with the caller's firm's declared closures. */
  async calendarFor(manager: EntityManager, ruleSet: RuleSetDefinition): Promise<CourtCalendar> {
    const { id, version } = ruleSet.holidayCalendar;
    const calendar = await this.ruleSets.calendar(manager, id, version);
    if (!calendar) throw new Error(`Holiday calendar ${id} v${version} of rule set ${ruleSet.id} is missing`);
    const closures = await this.ruleSets.closures(manager, id);
    return new CourtCalendar(
      calendar.definition,
      closures.map((closure) => ({ date: closure.closedOn, reason: closure.reason })),
    );
  }

  /** Every deadline an event starts, chains included (see `planDeadlines`). */
  async plan(
    manager: EntityManager,
    ruleSet: RuleSetDefinition,
    input: {
      triggerEvent: string;
      triggerDate: string;
      serviceMethod?: string;
      fixedDates?: ReadonlyMap<string, string>;
    },
  ): Promise<PlannedDeadline[]> {
    const calendar = await this.calendarFor(manager, ruleSet);
    return asDomainError(() => planDeadlines({ ruleSet, calendar, ...input }));
  }

  /** One rule's deadline without saving anything (the "what if" of the UI). */
  async computeOne(
    manager: EntityManager,
    ruleSet: RuleSetDefinition,
    input: { ruleCode: string; triggerDate: string; triggerTime?: string; serviceMethod?: string },
  ): Promise<DeadlineComputation> {
    const rule = ruleSet.rules.find((candidate) => candidate.code === input.ruleCode);
    if (!rule)
      throw new ValidationFailedError([
        { field: 'ruleCode', message: `ruleCode must be a rule of ${ruleSet.id} v${ruleSet.version}` },
      ]);
    const calendar = await this.calendarFor(manager, ruleSet);
    const label =
      ruleSet.triggerEvents.find((event) => event.code === rule.triggerEvent)?.name ??
      `the date given for "${rule.triggerRule ?? ''}"`;
    return asDomainError(() =>
      computeDeadline({
        ruleSet,
        rule,
        calendar,
        triggerLabel: label,
        triggerDate: input.triggerDate,
        ...(input.triggerTime ? { triggerTime: input.triggerTime } : {}),
        ...(input.serviceMethod ? { serviceMethod: input.serviceMethod } : {}),
      }),
    );
  }

  /**
   * The days a rule set's court is closed in `year` besides weekends: the legal holidays of its
   * calendar (as the version in force on 1 January of that year counts them) and the firm's
   * declared closures, so a lawyer can check the calendar a computation used.
   */
  holidaysOf(
    actor: Actor,
    ruleSetId: string,
    year: number,
  ): Promise<{
    ruleSet: RuleSetDefinition;
    calendarName: string;
    holidays: Holiday[];
    closures: CourtClosure[];
  }> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.ruleSets.exists(manager, ruleSetId))) throw new NotFoundError('rule_set', ruleSetId);
      const ruleSet = await this.inForce(manager, ruleSetId, `${year}-01-01`);
      const { id, version } = ruleSet.holidayCalendar;
      const calendar = await this.ruleSets.calendar(manager, id, version);
      if (!calendar)
        throw new Error(`Holiday calendar ${id} v${version} of rule set ${ruleSet.id} is missing`);
      const closures = (await this.ruleSets.closures(manager, id)).filter((closure) =>
        closure.closedOn.startsWith(`${year}-`),
      );
      return {
        ruleSet,
        calendarName: calendar.name,
        holidays: holidaysOf(calendar.definition, year),
        closures,
      };
    });
  }

  /** Declares a closure of a court calendar for the caller's firm; 409 when that day is already declared. */
  async declareClosure(
    manager: EntityManager,
    firmId: string,
    subject: string,
    input: { calendarId: string; date: string; reason: string },
  ): Promise<CourtClosure> {
    if (!(await this.ruleSets.calendarExists(manager, input.calendarId)))
      throw new ValidationFailedError([
        { field: 'calendarId', message: `calendarId ${input.calendarId} is not a known holiday calendar` },
      ]);
    try {
      return await this.ruleSets.insertClosure(manager, {
        firmId,
        id: uuidv7(),
        calendarId: input.calendarId,
        closedOn: input.date,
        reason: input.reason,
        createdBy: subject,
        createdAt: new Date(),
      });
    } catch (error) {
      if (isUniqueViolation(error, 'court_closures_firm_day'))
        throw new CourtClosureExistsError(input.calendarId, input.date);
      throw error;
    }
  }

  closuresBetween(manager: EntityManager, from: string, to: string): Promise<CourtClosure[]> {
    return this.ruleSets.closuresBetween(manager, from, to);
  }
}

function asDomainError<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof DeadlineComputationError) throw new DeadlineNotComputableError(error.message);
    throw error;
  }
}
