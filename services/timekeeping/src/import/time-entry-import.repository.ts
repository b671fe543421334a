import { Injectable } from '@nestjs/common';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import type { Violation } from '../guidelines/guideline.service';

export interface ImportMatter {
  matterId: string;
  clientId: string;
  status: string;
}

/** A fully evaluated row, ready to be stored as a draft. */
export interface ImportedEntryRow {
  id: string;
  matterId: string;
  timekeeperId: string;
  classification: string | null;
  ledesClassification: string | null;
  outsourced: boolean;
  workDate: string;
  minutes: number;
  billedTenths: number;
  narrative: string;
  billable: boolean;
  taskCode: string | null;
  activityCode: string | null;
  guidelineVersion: number | null;
  violations: Violation[];
  externalId: string;
}

/** Rows per INSERT statement: keeps each statement's parameter arrays a few MB at most. */
export const INSERT_CHUNK_ROWS = 5000;

const NO_VIOLATIONS = '[]';

/** Time entries by table name: import writes that table, but must not depend on the time-entries feature. */
function timeEntries(manager: EntityManager): SelectQueryBuilder<ObjectLiteral> {
  return manager.createQueryBuilder().from('time_entries', 'entry');
}

/**
 * The statements of a batch import: each step is one statement over all the batch's rows (= ANY,
 * unnest), never one statement per row. Runs inside the caller's tenant transaction, so
 * row-level security limits every statement to the caller's firm; firm_id is also named
 * explicitly where it lets PostgreSQL use the (firm_id, …) indexes.
 */
@Injectable()
export class TimeEntryImportRepository {
  /** external id → id of the firm's entries that already carry one of these external ids. */
  async existingExternalIds(
    manager: EntityManager,
    firmId: string,
    externalIds: string[],
  ): Promise<Map<string, string>> {
    if (externalIds.length === 0) return new Map();
    const rows = await timeEntries(manager)
      .select(['entry.external_id AS external_id', 'entry.id AS id'])
      .where('entry.firm_id = :firmId', { firmId })
      .andWhere('entry.external_id = ANY(:externalIds::text[])', { externalIds })
      .getRawMany<{ external_id: string; id: string }>();
    return new Map(rows.map((row) => [row.external_id, row.id]));
  }

  async matters(
    manager: EntityManager,
    firmId: string,
    matterIds: string[],
  ): Promise<Map<string, ImportMatter>> {
    if (matterIds.length === 0) return new Map();
    const rows = await manager
      .getRepository(ProjectedMatter)
      .createQueryBuilder('matter')
      .where('matter.firm_id = :firmId', { firmId })
      .andWhere('matter.matter_id = ANY(:matterIds::uuid[])', { matterIds })
      .getMany();
    return new Map(
      rows.map((row) => [
        row.matterId,
        { matterId: row.matterId, clientId: row.clientId, status: row.status },
      ]),
    );
  }

  /** Every matter of these clients (the daily cap counts time on any matter of the client). */
  async mattersOfClients(
    manager: EntityManager,
    firmId: string,
    clientIds: string[],
  ): Promise<Map<string, string>> {
    const rows = await manager
      .getRepository(ProjectedMatter)
      .createQueryBuilder('matter')
      .where('matter.firm_id = :firmId', { firmId })
      .andWhere('matter.client_id = ANY(:clientIds::uuid[])', { clientIds })
      .getMany();
    return new Map(rows.map((row) => [row.matterId, row.clientId]));
  }

  /**
   * Minutes already recorded per (timekeeper, day, matter) over the given timekeepers, days and
   * matters, counted as GuidelineRepository.minutesSameDay counts for a single entry: voided and
   * rejected entries and reversals are left out. One table, no join: while a bulk import grows
   * the table, its statistics lag behind, and a join planned for an empty table re-reads the
   * whole table for each matter; this shape costs at most one pass whatever the plan.
   */
  async minutesPerDay(
    manager: EntityManager,
    firmId: string,
    filter: { matterIds: string[]; timekeeperIds: string[]; workDates: string[] },
  ): Promise<Array<{ timekeeperId: string; workDate: string; matterId: string; minutes: number }>> {
    const rows = await timeEntries(manager)
      .select([
        'entry.timekeeper_id AS timekeeper_id',
        'entry.work_date::text AS work_date',
        'entry.matter_id AS matter_id',
        'sum(entry.minutes)::int AS minutes',
      ])
      .where('entry.firm_id = :firmId', { firmId })
      .andWhere('entry.matter_id = ANY(:matterIds::uuid[])', { matterIds: filter.matterIds })
      .andWhere('entry.timekeeper_id = ANY(:timekeeperIds::text[])', { timekeeperIds: filter.timekeeperIds })
      .andWhere('entry.work_date = ANY(:workDates::date[])', { workDates: filter.workDates })
      .andWhere(`entry.status NOT IN ('voided', 'rejected')`)
      .andWhere('entry.reverses_entry_id IS NULL')
      .groupBy('entry.timekeeper_id')
      .addGroupBy('entry.work_date')
      .addGroupBy('entry.matter_id')
      .getRawMany<{ timekeeper_id: string; work_date: string; matter_id: string; minutes: number }>();
    return rows.map((row) => ({
      timekeeperId: row.timekeeper_id,
      workDate: row.work_date,
      matterId: row.matter_id,
      minutes: row.minutes,
    }));
  }

  /**
   * Stores the rows as drafts with one multi-row INSERT … SELECT FROM unnest(…) per chunk.
   * A row whose external id a concurrent import stored first is skipped (ON CONFLICT DO
   * NOTHING waits for that transaction); returns the external ids actually inserted.
   */
  async insertDrafts(
    manager: EntityManager,
    firmId: string,
    createdBy: string,
    rows: ImportedEntryRow[],
  ): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
      const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
      // Raw: TypeORM cannot insert from unnest(…) nor name the partial index's predicate in ON CONFLICT.
      const returned: Array<{ external_id: string }> = await manager.query(
        `INSERT INTO time_entries (id, firm_id, matter_id, timekeeper_id, classification, ledes_classification, outsourced,
                                   work_date, minutes, billed_tenths, narrative, billable, status, task_code, activity_code,
                                   guideline_version, violations, external_id, source, created_by)
         SELECT r.id, $1, r.matter_id, r.timekeeper_id, r.classification, r.ledes_classification, r.outsourced,
                r.work_date, r.minutes, r.billed_tenths, r.narrative, r.billable, 'draft', r.task_code, r.activity_code,
                r.guideline_version, r.violations, r.external_id, 'import', $2
           FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::date[], $10::int[],
                       $11::int[], $12::text[], $13::boolean[], $14::text[], $15::text[], $16::int[], $17::jsonb[], $18::text[])
             AS r(id, matter_id, timekeeper_id, classification, ledes_classification, outsourced, work_date, minutes,
                  billed_tenths, narrative, billable, task_code, activity_code, guideline_version, violations, external_id)
         ON CONFLICT (firm_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
         RETURNING external_id`,
        [
          firmId,
          createdBy,
          chunk.map((row) => row.id),
          chunk.map((row) => row.matterId),
          chunk.map((row) => row.timekeeperId),
          chunk.map((row) => row.classification),
          chunk.map((row) => row.ledesClassification),
          chunk.map((row) => row.outsourced),
          chunk.map((row) => row.workDate),
          chunk.map((row) => row.minutes),
          chunk.map((row) => row.billedTenths),
          chunk.map((row) => row.narrative),
          chunk.map((row) => row.billable),
          chunk.map((row) => row.taskCode),
          chunk.map((row) => row.activityCode),
          chunk.map((row) => row.guidelineVersion),
          chunk.map((row) => (row.violations.length ? JSON.stringify(row.violations) : NO_VIOLATIONS)),
          chunk.map((row) => row.externalId),
        ],
      );
      for (const row of returned) inserted.add(row.external_id);
    }
    return inserted;
  }
}
