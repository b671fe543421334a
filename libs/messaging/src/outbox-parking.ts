import { withScope } from '@lawfirm/database';
import type { DataSource } from 'typeorm';
import { OUTBOX_CHANNEL, OUTBOX_RELAY_SCOPE } from './schema';

export interface ParkedOutboxRow {
  id: string;
  firmId: string;
  topic: string;
  attempts: number;
  lastError: string | null;
  parkedAt: Date;
  createdAt: Date;
}

/** The rows the relay gave up on, oldest first, with why. */
export function listParkedOutboxRows(dataSource: DataSource, limit = 100): Promise<ParkedOutboxRow[]> {
  return withScope(dataSource, OUTBOX_RELAY_SCOPE, async (manager) => {
    const rows: Array<{
      id: string;
      firm_id: string;
      topic: string;
      attempts: number;
      last_error: string | null;
      parked_at: Date;
      created_at: Date;
    }> = await manager.query(
      `SELECT id, firm_id, topic, attempts, last_error, parked_at, created_at FROM outbox
        WHERE parked_at IS NOT NULL AND sent_at IS NULL ORDER BY parked_at, id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      id: row.id,
      firmId: row.firm_id,
      topic: row.topic,
      attempts: row.attempts,
      lastError: row.last_error,
      parkedAt: row.parked_at,
      createdAt: row.created_at,
    }));
  });
}

/**
 * Hands parked rows back to the relay (after whatever made them unpublishable was fixed: the topic
 * provisioned, the broker's size limit raised, the row repaired): their tries start again from zero
 * and the relay is woken. `ids` undefined means every parked row. Returns the ids re-driven.
 */
export function redriveParkedOutboxRows(dataSource: DataSource, ids?: string[]): Promise<string[]> {
  return withScope(dataSource, OUTBOX_RELAY_SCOPE, async (manager) => {
    const rows: Array<{ id: string }> = await manager.query(
      // Through a CTE so TypeORM hands back the rows (an UPDATE's answer is [rows, count]).
      `WITH redriven AS (
         UPDATE outbox SET parked_at = NULL, next_attempt_at = NULL, attempts = 0
          WHERE parked_at IS NOT NULL AND sent_at IS NULL AND ($1::uuid[] IS NULL OR id = ANY($1))
          RETURNING id)
       SELECT id FROM redriven`,
      [ids ?? null],
    );
    if (rows.length) await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return rows.map((row) => row.id);
  });
}
