import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { RateRule } from './rate-rule.entity';
import type { RateScope } from './rates.rules';

export interface RateRuleFilters {
  scope?: RateScope;
  matterId?: string;
  activeOn?: string;
}

@Injectable()
export class RatesRepository {
  async insert(manager: EntityManager, rule: RateRule): Promise<void> {
    await manager.insert(RateRule, rule);
  }

  /** Serialises creations of rules with the same reach and start, so two at once cannot both pass the duplicate check. */
  async lockKey(manager: EntityManager, key: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }

  findSame(manager: EntityManager, rule: RateRule): Promise<RateRule | null> {
    const query = manager
      .getRepository(RateRule)
      .createQueryBuilder('rule')
      .where(
        'rule.scope = :scope AND rule.currency = :currency AND rule.effective_from = :effectiveFrom',
        rule,
      );
    for (const [column, value] of [
      ['matter_id', rule.matterId],
      ['client_id', rule.clientId],
      ['timekeeper_id', rule.timekeeperId],
      ['activity_code', rule.activityCode],
    ] as const)
      query.andWhere(value === null ? `rule.${column} IS NULL` : `rule.${column} = :${column}`, {
        [column]: value,
      });
    return query.getOne();
  }

  findById(manager: EntityManager, id: string, lock = false): Promise<RateRule | null> {
    const query = manager.getRepository(RateRule).createQueryBuilder('rule').where('rule.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  async end(manager: EntityManager, id: string, lastDay: string, endedBy: string): Promise<void> {
    await manager.update(RateRule, { id }, { effectiveTo: lastDay, endedBy });
  }

  /** Newest first. */
  list(
    manager: EntityManager,
    filters: RateRuleFilters,
    limit: number,
    after?: CursorPosition,
  ): Promise<RateRule[]> {
    const query = manager
      .getRepository(RateRule)
      .createQueryBuilder('rule')
      .orderBy("date_trunc('milliseconds', rule.created_at)", 'DESC')
      .addOrderBy('rule.id', 'DESC')
      .limit(limit + 1);
    if (filters.scope) query.andWhere('rule.scope = :scope', { scope: filters.scope });
    if (filters.matterId) query.andWhere('rule.matter_id = :matterId', { matterId: filters.matterId });
    if (filters.activeOn)
      query.andWhere(
        'rule.effective_from <= :activeOn AND (rule.effective_to IS NULL OR rule.effective_to >= :activeOn)',
        {
          activeOn: filters.activeOn,
        },
      );
    if (after)
      query.andWhere(
        "(date_trunc('milliseconds', rule.created_at), rule.id) < (:sortKey::timestamptz, :id::uuid)",
        after,
      );
    return query.getMany();
  }

  /** Every rule that could price work on these matters in this currency. */
  reaching(
    manager: EntityManager,
    currency: string,
    matterIds: readonly string[],
    clientIds: readonly string[],
  ): Promise<RateRule[]> {
    return manager
      .getRepository(RateRule)
      .createQueryBuilder('rule')
      .where('rule.currency = :currency', { currency })
      .andWhere(
        `(rule.scope IN ('activity', 'timekeeper') OR rule.matter_id IN (:...matterIds) OR rule.client_id IN (:...clientIds))`,
        { matterIds: [...matterIds], clientIds: [...clientIds] },
      )
      .getMany();
  }

  /** Every timekeeper default rate (scope `timekeeper`) in the currency, for standard values in reports. */
  timekeeperDefaults(manager: EntityManager, currency: string): Promise<RateRule[]> {
    return manager
      .getRepository(RateRule)
      .createQueryBuilder('rule')
      .where("rule.scope = 'timekeeper'")
      .andWhere('rule.currency = :currency', { currency })
      .getMany();
  }
}
