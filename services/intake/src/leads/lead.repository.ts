import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { LeadRow } from './lead.entity';
import type { Lead, LeadChanges, NewLead } from './lead.model';

/** A lead with its exact (microsecond) creation time as text, for keyset cursors. */
export interface ListedLead extends Lead {
  sortKey: string;
}

export interface LeadFilter {
  stage?: string;
  responsibleAttorneyId?: string;
  /** Only leads whose follow-up is due strictly before this day (YYYY-MM-DD). */
  followUpBefore?: string;
}

// An ISO string from a JS Date drops microseconds (and would skip rows on the next page).
const SORT_KEY = `to_char(lead.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every call runs inside the caller's withTenant transaction, so row-level security limits it to that firm's rows. */
@Injectable()
export class LeadRepository {
  async insert(manager: EntityManager, lead: NewLead): Promise<Lead> {
    await manager.insert(LeadRow, lead);
    return manager.findOneOrFail(LeadRow, { where: { id: lead.id } });
  }

  findById(manager: EntityManager, id: string): Promise<Lead | null> {
    return manager.findOne(LeadRow, { where: { id } });
  }

  /** Locks the row, so two concurrent changes (or conversions) of one lead run one after the other. */
  findForUpdate(manager: EntityManager, id: string): Promise<Lead | null> {
    return manager.findOne(LeadRow, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Only the given fields change (undefined ones stay); `updated_at` moves to now. */
  async update(manager: EntityManager, id: string, changes: LeadChanges): Promise<Lead> {
    const given = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    ) as LeadChanges;
    await manager.update(LeadRow, { id }, { ...given, updatedAt: () => 'now()' });
    return manager.findOneOrFail(LeadRow, { where: { id } });
  }

  /** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
  async list(
    manager: EntityManager,
    filter: LeadFilter,
    limit: number,
    after?: CursorPosition,
  ): Promise<ListedLead[]> {
    const query = manager
      .createQueryBuilder(LeadRow, 'lead')
      .addSelect(SORT_KEY, 'sort_key')
      .orderBy('lead.created_at', 'DESC')
      .addOrderBy('lead.id', 'DESC')
      .limit(limit + 1);
    if (filter.stage !== undefined) query.andWhere('lead.stage = :stage', { stage: filter.stage });
    if (filter.responsibleAttorneyId !== undefined) {
      query.andWhere('lead.responsible_attorney_id = :attorney', { attorney: filter.responsibleAttorneyId });
    }
    if (filter.followUpBefore !== undefined)
      query.andWhere('lead.follow_up_due < :before::date', { before: filter.followUpBefore });
    if (after) query.andWhere('(lead.created_at, lead.id) < (:sortKey::timestamptz, :id::uuid)', after);
    const { entities, raw } = await query.getRawAndEntities<{ sort_key: string }>();
    return entities.map((lead, index) => ({ ...lead, sortKey: raw[index]?.sort_key ?? '' }));
  }

  /** How many of the firm's leads sit in each stage. */
  async countByStage(manager: EntityManager): Promise<Map<string, number>> {
    const rows: Array<{ stage: string; lead_count: number }> = await manager
      .createQueryBuilder(LeadRow, 'lead')
      .select('lead.stage', 'stage')
      .addSelect('count(*)::int', 'lead_count')
      .groupBy('lead.stage')
      .getRawMany();
    return new Map(rows.map((row) => [row.stage, row.lead_count]));
  }
}
