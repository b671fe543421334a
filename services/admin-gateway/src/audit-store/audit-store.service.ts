import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH, verifyChain, type ChainedRecord, type ChainVerification } from '@lawfirm/audit';
import { withTenant } from '@lawfirm/database';
import { DEFAULT_PAGE_SIZE, type Page } from '@lawfirm/platform';
import { ValidationFailedError } from '@lawfirm/errors';

export interface AuditEntryView {
  seq: number;
  eventId: string;
  [field: string]: unknown;
}

const VERIFY_BATCH = 5000;

/** The append-only, hash-chained audit store: one chain per firm. */
@Injectable()
export class AuditStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one record to the firm's chain inside the caller's firm-scoped transaction.
   * The head row lock orders concurrent appends; a record already chained (same event id)
   * is not chained twice. Returns the sequence number given, or undefined for a duplicate.
   */
  async append(manager: EntityManager, firmId: string, eventId: string, body: Record<string, unknown>): Promise<number | undefined> {
    await manager.query(
      `INSERT INTO audit_chain_heads (firm_id, last_seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT (firm_id) DO NOTHING`,
      [firmId, GENESIS_HASH],
    );
    const heads: Array<{ last_seq: string; last_hash: string }> = await manager.query(
      `SELECT last_seq, last_hash FROM audit_chain_heads WHERE firm_id = $1 FOR UPDATE`,
      [firmId],
    );
    const head = heads[0];
    if (!head) throw new Error(`audit chain head for firm ${firmId} is not visible`);
    const existing: unknown[] = await manager.query(`SELECT 1 FROM audit_records WHERE firm_id = $1 AND event_id = $2`, [firmId, eventId]);
    if (existing.length) return undefined;
    const seq = Number(head.last_seq) + 1;
    const hash = chainHash(head.last_hash, firmId, seq, eventId, body);
    await manager.query(
      `INSERT INTO audit_records (firm_id, seq, event_id, body, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6)`,
      [firmId, seq, eventId, body, head.last_hash, hash],
    );
    await manager.query(`UPDATE audit_chain_heads SET last_seq = $2, last_hash = $3 WHERE firm_id = $1`, [firmId, seq, hash]);
    return seq;
  }

  /**
   * Appends several records of one firm in order, in the caller's transaction: one head lock,
   * one multi-row insert and one head update however many records there are.
   */
  async appendMany(manager: EntityManager, firmId: string, records: Array<{ eventId: string; body: Record<string, unknown> }>): Promise<void> {
    if (records.length === 0) return;
    await manager.query(
      `INSERT INTO audit_chain_heads (firm_id, last_seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT (firm_id) DO NOTHING`,
      [firmId, GENESIS_HASH],
    );
    const heads: Array<{ last_seq: string; last_hash: string }> = await manager.query(
      `SELECT last_seq, last_hash FROM audit_chain_heads WHERE firm_id = $1 FOR UPDATE`,
      [firmId],
    );
    const head = heads[0];
    if (!head) throw new Error(`audit chain head for firm ${firmId} is not visible`);
    const existing: Array<{ event_id: string }> = await manager.query(
      `SELECT event_id FROM audit_records WHERE firm_id = $1 AND event_id = ANY($2)`,
      [firmId, records.map((record) => record.eventId)],
    );
    const seen = new Set(existing.map((row) => row.event_id));
    let seq = Number(head.last_seq);
    let prevHash = head.last_hash;
    const rows: Array<{ seq: number; eventId: string; body: Record<string, unknown>; prevHash: string; hash: string }> = [];
    for (const record of records) {
      if (seen.has(record.eventId)) continue;
      seen.add(record.eventId);
      seq += 1;
      const hash = chainHash(prevHash, firmId, seq, record.eventId, record.body);
      rows.push({ seq, eventId: record.eventId, body: record.body, prevHash, hash });
      prevHash = hash;
    }
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO audit_records (firm_id, seq, event_id, body, prev_hash, hash)
       SELECT $1, * FROM unnest($2::bigint[], $3::uuid[], $4::jsonb[], $5::text[], $6::text[])`,
      [
        firmId,
        rows.map((row) => row.seq),
        rows.map((row) => row.eventId),
        rows.map((row) => JSON.stringify(row.body)),
        rows.map((row) => row.prevHash),
        rows.map((row) => row.hash),
      ],
    );
    await manager.query(`UPDATE audit_chain_heads SET last_seq = $2, last_hash = $3 WHERE firm_id = $1`, [firmId, seq, prevHash]);
  }

  async appendNow(firmId: string, eventId: string, body: Record<string, unknown>): Promise<void> {
    await withTenant(this.dataSource, firmId, (manager) => this.append(manager, firmId, eventId, body));
  }

  /** Newest first; the cursor is the last sequence number seen. */
  async list(firmId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AuditEntryView>> {
    let before: number | undefined;
    if (cursor !== undefined) {
      before = /^\d{1,18}$/.test(cursor) ? Number(cursor) : NaN;
      if (!Number.isSafeInteger(before)) throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
    }
    const rows: Array<{ seq: string; event_id: string; body: Record<string, unknown> }> = await withTenant(
      this.dataSource,
      firmId,
      (manager) =>
        manager.query(
          `SELECT seq, event_id, body FROM audit_records WHERE ($1::bigint IS NULL OR seq < $1) ORDER BY seq DESC LIMIT $2`,
          [before ?? null, limit + 1],
        ),
    );
    const items = rows.slice(0, limit).map((row) => ({ seq: Number(row.seq), eventId: row.event_id, ...row.body }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  /** Recomputes the whole chain of one firm, in batches, against the stored head. */
  async verify(firmId: string): Promise<ChainVerification> {
    return withTenant(this.dataSource, firmId, async (manager) => {
      const heads: Array<{ last_seq: string; last_hash: string }> = await manager.query(
        `SELECT last_seq, last_hash FROM audit_chain_heads WHERE firm_id = $1`,
        [firmId],
      );
      const records: ChainedRecord[] = [];
      let after = 0;
      for (;;) {
        const rows: Array<{ seq: string; event_id: string; body: Record<string, unknown>; prev_hash: string; hash: string }> =
          await manager.query(
            `SELECT seq, event_id, body, prev_hash, hash FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT $2`,
            [after, VERIFY_BATCH],
          );
        for (const row of rows) {
          records.push({ firmId, seq: Number(row.seq), eventId: row.event_id, body: row.body, prevHash: row.prev_hash, hash: row.hash });
        }
        if (rows.length < VERIFY_BATCH) break;
        after = Number(rows[rows.length - 1]?.seq ?? after);
      }
      return verifyChain(records, Number(heads[0]?.last_seq ?? 0), heads[0]?.last_hash);
    });
  }
}
