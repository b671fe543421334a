import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError, ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { minorAmountFromDb } from '@lawfirm/primitives';
import type { CreateRateRuleDto, RateRuleView } from './dto/rate-rule.dto';
import type { RateRule } from './rate-rule.entity';
import { RatesRepository, type RateRuleFilters } from './rates.repository';
import {
  FIELDS_OF_SCOPE,
  resolveRate,
  type RateQuery,
  type RateRuleFacts,
  type ResolvedRate,
} from './rates.rules';

export type { RateRuleFacts, ResolvedRate } from './rates.rules';

export enum RateErrorCode {
  Exists = 'rate_rule_exists',
  AlreadyEnded = 'rate_rule_already_ended',
}

const REACH_FIELDS = ['matterId', 'clientId', 'timekeeperId', 'activityCode'] as const;

@Injectable()
export class RatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rates: RatesRepository,
    private readonly matters: MatterProjectionService,
  ) {}

  async create(actor: Actor, input: CreateRateRuleDto): Promise<RateRuleView> {
    const needed = FIELDS_OF_SCOPE[input.scope];
    const problems: FieldError[] = [];
    for (const field of REACH_FIELDS) {
      if (needed.includes(field) && input[field] === undefined)
        problems.push({ field, message: `a ${input.scope} rule needs ${field}` });
      if (!needed.includes(field) && input[field] !== undefined)
        problems.push({ field, message: `a ${input.scope} rule has no ${field}` });
    }
    if (input.effectiveTo !== undefined && input.effectiveTo < input.effectiveFrom)
      problems.push({ field: 'effectiveTo', message: 'effectiveTo must not be before effectiveFrom' });
    if (problems.length) throw new ValidationFailedError(problems, 'The rate rule is incomplete.');

    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (input.matterId && !(await this.matters.find(manager, input.matterId)))
        throw new NotFoundError('matter', input.matterId);
      const rule: RateRule = {
        firmId: actor.firmId,
        id: randomUUID(),
        scope: input.scope,
        matterId: input.matterId ?? null,
        clientId: input.clientId ?? null,
        timekeeperId: input.timekeeperId ?? null,
        activityCode: input.activityCode ?? null,
        rateMinor: String(input.rateMinor),
        currency: input.currency,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        createdBy: actor.subject,
        createdAt: new Date(),
        endedBy: null,
      };
      await this.rates.lockKey(
        manager,
        [
          actor.firmId,
          rule.scope,
          rule.currency,
          rule.effectiveFrom,
          ...REACH_FIELDS.map((field) => rule[field]),
        ].join('|'),
      );
      const same = await this.rates.findSame(manager, rule);
      if (same)
        throw new DomainError(
          'conflict',
          RateErrorCode.Exists,
          `A ${rule.scope} rule with this reach already starts on ${rule.effectiveFrom}; end it or start the new one later.`,
          [{ field: 'effectiveFrom', message: 'a rule with this reach and start already exists' }],
          { existingRuleId: same.id },
        );
      await this.rates.insert(manager, rule);
      await recordChange(manager, actor, {
        action: 'rate-rule.created',
        resourceType: 'rate_rule',
        resourceId: rule.id,
        details: {
          scope: rule.scope,
          rateMinor: input.rateMinor,
          currency: rule.currency,
          effectiveFrom: rule.effectiveFrom,
          effectiveTo: rule.effectiveTo,
        },
      });
      return toView(rule);
    });
  }

  async end(actor: Actor, id: string, lastDay: string): Promise<RateRuleView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rule = await this.rates.findById(manager, id, true);
      if (!rule) throw new NotFoundError('rate_rule', id);
      if (lastDay < rule.effectiveFrom)
        throw new ValidationFailedError([
          {
            field: 'lastDay',
            message: `lastDay must not be before the rule's first day, ${rule.effectiveFrom}`,
          },
        ]);
      if (rule.effectiveTo !== null && rule.effectiveTo <= lastDay)
        throw new DomainError(
          'conflict',
          RateErrorCode.AlreadyEnded,
          `The rule already ends on ${rule.effectiveTo}.`,
          [],
          { effectiveTo: rule.effectiveTo },
        );
      await this.rates.end(manager, id, lastDay, actor.subject);
      await recordChange(manager, actor, {
        action: 'rate-rule.ended',
        resourceType: 'rate_rule',
        resourceId: id,
        details: { lastDay, previousEffectiveTo: rule.effectiveTo },
      });
      return toView({ ...rule, effectiveTo: lastDay, endedBy: actor.subject });
    });
  }

  async list(
    actor: Actor,
    filters: RateRuleFilters,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<RateRuleView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.rates.list(manager, filters, limit, after),
    );
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toView);
  }

  /** For pricing, inside the caller's transaction: every rule that could reach work on these matters. */
  async rulesReaching(
    manager: EntityManager,
    currency: string,
    matterIds: readonly string[],
    clientIds: readonly string[],
  ): Promise<RateRuleFacts[]> {
    const rows = await this.rates.reaching(manager, currency, matterIds, clientIds);
    return rows.map((row) => ({ ...row, rateMinor: minorAmountFromDb(row.rateMinor) }));
  }

  /**
   * For reports, in the caller's transaction: each timekeeper's default (standard) rate rules in the currency;
   * resolve one with `standardRate`.
   */
  async standardRateRules(manager: EntityManager, currency: string): Promise<RateRuleFacts[]> {
    const rows = await this.rates.timekeeperDefaults(manager, currency);
    return rows.map((row) => ({ ...row, rateMinor: minorAmountFromDb(row.rateMinor) }));
  }

  /** The timekeeper's default rate in effect on the work date (the `timekeeper` level alone), or null. */
  standardRate(
    rules: readonly RateRuleFacts[],
    timekeeperId: string,
    workDate: string,
    currency: string,
  ): number | null {
    const resolved = resolveRate(
      rules.filter((rule) => rule.scope === 'timekeeper'),
      { matterId: '', clientId: '', timekeeperId, activityCode: null, workDate, currency },
    );
    return resolved ? resolved.rateMinor : null;
  }

  /** The one precedence (rates.rules.ts): the rate for one piece of work, or null when no rule reaches it. */
  resolve(rules: readonly RateRuleFacts[], query: RateQuery): ResolvedRate | null {
    return resolveRate(rules, query);
  }
}

function toView(rule: RateRule): RateRuleView {
  return {
    id: rule.id,
    scope: rule.scope,
    matterId: rule.matterId,
    clientId: rule.clientId,
    timekeeperId: rule.timekeeperId,
    activityCode: rule.activityCode,
    rateMinor: minorAmountFromDb(rule.rateMinor),
    currency: rule.currency,
    effectiveFrom: rule.effectiveFrom,
    effectiveTo: rule.effectiveTo,
    createdBy: rule.createdBy,
    createdAt: rule.createdAt.toISOString(),
  };
}
