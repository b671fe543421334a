import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { GuidelineMode, GuidelineRules } from './guideline.types';

/** One stored version of a client's guideline. Versions are never updated: a change is a new version. */
export interface GuidelineVersion {
  id: string;
  clientId: string;
  version: number;
  mode: GuidelineMode;
  rules: GuidelineRules;
  createdBy: string;
  createdAt: Date;
}

interface GuidelineRow {
  id: string;
  client_id: string;
  version: number;
  mode: GuidelineMode;
  rules: GuidelineRules;
  created_by: string;
  created_at: Date;
}

const COLUMNS = 'id, client_id, version, mode, rules, created_by, created_at';

/**
 * Raw SQL over `billing_guidelines` (and the reads of `matter_projection` and `time_entries` the
 * rules need). Every call runs inside the caller's withTenant transaction, so row-level security
 * limits it to that firm's rows.
 */
@Injectable()
export class GuidelineRepository {
  /** Whether the firm has any matter of this client: timekeeping knows clients only through matters. */
  async clientKnown(manager: EntityManager, clientId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM matter_projection WHERE client_id = $1 LIMIT 1`,
      [clientId],
    );
    return rows.length > 0;
  }

  /**
   * Serialises new versions of one client's guideline until the transaction ends, so two concurrent
   * changes become versions n+1 and n+2 instead of one failing on the unique (firm, client, version).
   */
  async lockClient(manager: EntityManager, firmId: string, clientId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `billing_guidelines:${firmId}:${clientId}`,
    ]);
  }

  async latest(manager: EntityManager, clientId: string): Promise<GuidelineVersion | null> {
    const rows: GuidelineRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM billing_guidelines WHERE client_id = $1 ORDER BY version DESC LIMIT 1`,
      [clientId],
    );
    return rows[0] ? toGuideline(rows[0]) : null;
  }

  /** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
  async versions(
    manager: EntityManager,
    clientId: string,
    limit: number,
    beforeVersion?: number,
  ): Promise<GuidelineVersion[]> {
    const rows: GuidelineRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM billing_guidelines
        WHERE client_id = $1 AND ($2::int IS NULL OR version < $2)
        ORDER BY version DESC LIMIT $3`,
      [clientId, beforeVersion ?? null, limit + 1],
    );
    return rows.map(toGuideline);
  }

  async insert(
    manager: EntityManager,
    guideline: Omit<GuidelineVersion, 'createdAt'> & { firmId: string },
  ): Promise<GuidelineVersion> {
    const rows: GuidelineRow[] = await manager.query(
      `INSERT INTO billing_guidelines (id, firm_id, client_id, version, mode, rules, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
       RETURNING ${COLUMNS}`,
      [
        guideline.id,
        guideline.firmId,
        guideline.clientId,
        guideline.version,
        guideline.mode,
        JSON.stringify(guideline.rules),
        guideline.createdBy,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('billing_guidelines: the insert returned no row');
    return toGuideline(row);
  }

  /**
   * Raw minutes the timekeeper has on `workDate` on any matter of the client, for the daily cap.
   * Voided and rejected entries do not count, nor do reversals (their originals are voided already),
   * nor the entry being re-evaluated.
   */
  async minutesSameDay(
    manager: EntityManager,
    query: { clientId: string; timekeeperId: string; workDate: string; excludeEntryId?: string },
  ): Promise<number> {
    const rows: Array<{ minutes: number }> = await manager.query(
      `SELECT COALESCE(SUM(entry.minutes), 0)::int AS minutes
         FROM time_entries entry
         JOIN matter_projection matter ON matter.firm_id = entry.firm_id AND matter.matter_id = entry.matter_id
        WHERE matter.client_id = $1 AND entry.timekeeper_id = $2 AND entry.work_date = $3::date
          AND entry.status NOT IN ('voided', 'rejected') AND entry.reverses_entry_id IS NULL
          AND ($4::uuid IS NULL OR entry.id <> $4::uuid)`,
      [query.clientId, query.timekeeperId, query.workDate, query.excludeEntryId ?? null],
    );
    return rows[0]?.minutes ?? 0;
  }
}

function toGuideline(row: GuidelineRow): GuidelineVersion {
  return {
    id: row.id,
    clientId: row.client_id,
    version: row.version,
    mode: row.mode,
    rules: row.rules,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
