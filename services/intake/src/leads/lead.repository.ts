import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClientKind } from '@lawfirm/contracts';
import type { CursorPosition } from '@lawfirm/platform';
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

interface LeadRow {
  id: string;
  firm_id: string;
  kind: ClientKind;
  name: string;
  email: string | null;
  phone: string | null;
  source: string | null;
  practice_area: string | null;
  description: string | null;
  stage: string;
  follow_up_due: string | null;
  responsible_attorney_id: string | null;
  client_id: string | null;
  matter_id: string | null;
  not_hired_reason: string | null;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
}

// follow_up_due as text: node-postgres would turn a `date` into a local-midnight Date and shift the day.
// sort_key keeps microseconds, which an ISO string from a JS Date would drop (and skip rows on the next page).
const COLUMNS = `id, firm_id, kind, name, email, phone, source, practice_area, description, stage,
  follow_up_due::text AS follow_up_due, responsible_attorney_id, client_id, matter_id, not_hired_reason,
  created_at, updated_at, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`;

/** Which column each changeable field is stored in; UPDATE statements are built from this list only. */
const CHANGE_COLUMNS: { [field in keyof Required<LeadChanges>]: string } = {
  kind: 'kind',
  name: 'name',
  email: 'email',
  phone: 'phone',
  source: 'source',
  practiceArea: 'practice_area',
  description: 'description',
  stage: 'stage',
  followUpDue: 'follow_up_due',
  responsibleAttorneyId: 'responsible_attorney_id',
  clientId: 'client_id',
  matterId: 'matter_id',
  notHiredReason: 'not_hired_reason',
};

/**
 * Raw SQL over `leads` (no TypeORM entity). Every call runs inside the caller's withTenant
 * transaction, so row-level security limits it to that firm's rows.
 */
@Injectable()
export class LeadRepository {
  async insert(manager: EntityManager, lead: NewLead): Promise<Lead> {
    const rows: LeadRow[] = await manager.query(
      `INSERT INTO leads (id, firm_id, kind, name, email, phone, source, practice_area, description, stage,
                          follow_up_due, responsible_attorney_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date, $12)
       RETURNING ${COLUMNS}`,
      [
        lead.id,
        lead.firmId,
        lead.kind,
        lead.name,
        lead.email,
        lead.phone,
        lead.source,
        lead.practiceArea,
        lead.description,
        lead.stage,
        lead.followUpDue,
        lead.responsibleAttorneyId,
      ],
    );
    return toLead(single(rows));
  }

  async findById(manager: EntityManager, id: string): Promise<Lead | null> {
    const rows: LeadRow[] = await manager.query(`SELECT ${COLUMNS} FROM leads WHERE id = $1`, [id]);
    return rows[0] ? toLead(rows[0]) : null;
  }

  /** Locks the row, so two concurrent changes (or conversions) of one lead run one after the other. */
  async findForUpdate(manager: EntityManager, id: string): Promise<Lead | null> {
    const rows: LeadRow[] = await manager.query(`SELECT ${COLUMNS} FROM leads WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return rows[0] ? toLead(rows[0]) : null;
  }

  async update(manager: EntityManager, id: string, changes: LeadChanges): Promise<Lead> {
    const assignments = ['updated_at = now()'];
    const parameters: unknown[] = [id];
    for (const [field, column] of Object.entries(CHANGE_COLUMNS) as Array<[keyof LeadChanges, string]>) {
      if (!(field in changes) || changes[field] === undefined) continue;
      parameters.push(changes[field]);
      assignments.push(`${column} = $${parameters.length}${field === 'followUpDue' ? '::date' : ''}`);
    }
    // TypeORM answers an UPDATE with [rows, affected count] rather than the rows alone.
    const [rows]: [LeadRow[], number] = await manager.query(
      `UPDATE leads SET ${assignments.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      parameters,
    );
    return toLead(single(rows));
  }

  /** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
  async list(
    manager: EntityManager,
    filter: LeadFilter,
    limit: number,
    after?: CursorPosition,
  ): Promise<ListedLead[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [limit + 1];
    const bind = (value: unknown): string => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    if (filter.stage !== undefined) conditions.push(`stage = ${bind(filter.stage)}`);
    if (filter.responsibleAttorneyId !== undefined) {
      conditions.push(`responsible_attorney_id = ${bind(filter.responsibleAttorneyId)}`);
    }
    if (filter.followUpBefore !== undefined)
      conditions.push(`follow_up_due < ${bind(filter.followUpBefore)}::date`);
    if (after)
      conditions.push(`(created_at, id) < (${bind(after.sortKey)}::timestamptz, ${bind(after.id)}::uuid)`);
    const rows: LeadRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM leads ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT $1`,
      parameters,
    );
    return rows.map((row) => ({ ...toLead(row), sortKey: row.sort_key }));
  }

  /** How many of the firm's leads sit in each stage. */
  async countByStage(manager: EntityManager): Promise<Map<string, number>> {
    const rows: Array<{ stage: string; lead_count: number }> = await manager.query(
      `SELECT stage, count(*)::int AS lead_count FROM leads GROUP BY stage`,
    );
    return new Map(rows.map((row) => [row.stage, row.lead_count]));
  }
}

function single(rows: LeadRow[]): LeadRow {
  const row = rows[0];
  if (!row) throw new Error('leads: the statement returned no row');
  return row;
}

function toLead(row: LeadRow): Lead {
  return {
    id: row.id,
    firmId: row.firm_id,
    kind: row.kind,
    name: row.name,
    email: row.email,
    phone: row.phone,
    source: row.source,
    practiceArea: row.practice_area,
    description: row.description,
    stage: row.stage,
    followUpDue: row.follow_up_due,
    responsibleAttorneyId: row.responsible_attorney_id,
    clientId: row.client_id,
    matterId: row.matter_id,
    notHiredReason: row.not_hired_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
