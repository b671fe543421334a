import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { chainHash, ChainVerifier, GENESIS_HASH, type ChainVerification } from '@lawfirm/audit';
import { withTenant } from '@lawfirm/database';
import { DEFAULT_PAGE_SIZE, type Page } from '@lawfirm/platform';
import { ValidationFailedError } from '@lawfirm/errors';
import { AuditChainRepository, type NewChainLink } from './audit-chain.repository';
import type { AuditChainHead } from './audit-chain-head.entity';
import { AUDIT_CHAIN_KEY, AuditAnchors } from './audit-anchors';

export interface AuditEntryView {
  seq: number;
  eventId: string;
  [field: string]: unknown;
}

/** Records verified per page: verification holds one page at a time, however long the chain. */
const VERIFY_PAGE = 1000;

/** The append-only, hash-chained audit store: one chain per firm. */
@Injectable()
export class AuditStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chains: AuditChainRepository,
    private readonly anchors: AuditAnchors,
    @Inject(AUDIT_CHAIN_KEY) private readonly key: Buffer,
  ) {}

  /**
   * Appends one record to the firm's chain inside the caller's firm-scoped transaction.
   * The head row lock orders concurrent appends; a record already chained (same event id)
   * is not chained twice. Returns the sequence number given, or undefined for a duplicate.
   */
  async append(
    manager: EntityManager,
    firmId: string,
    eventId: string,
    body: Record<string, unknown>,
  ): Promise<number | undefined> {
    const head = await this.lockedHead(manager, firmId);
    if ((await this.chains.chainedEventIds(manager, firmId, [eventId])).size > 0) return undefined;
    const seq = Number(head.lastSeq) + 1;
    const hash = chainHash(this.key, head.lastHash, firmId, seq, eventId, body);
    await this.chains.insertLinks(manager, firmId, [{ seq, eventId, body, prevHash: head.lastHash, hash }]);
    await this.chains.moveHead(manager, firmId, seq, hash);
    this.anchors.moved(manager.queryRunner, firmId, { lastSeq: seq, lastHash: hash });
    return seq;
  }

  /**
   * Appends several records of one firm in order, in the caller's transaction: one head lock,
   * one multi-row insert and one head update however many records there are.
   */
  async appendMany(
    manager: EntityManager,
    firmId: string,
    records: Array<{ eventId: string; body: Record<string, unknown> }>,
  ): Promise<void> {
    if (records.length === 0) return;
    const head = await this.lockedHead(manager, firmId);
    const seen = await this.chains.chainedEventIds(
      manager,
      firmId,
      records.map((record) => record.eventId),
    );
    let seq = Number(head.lastSeq);
    let prevHash = head.lastHash;
    const links: NewChainLink[] = [];
    for (const record of records) {
      if (seen.has(record.eventId)) continue;
      seen.add(record.eventId);
      seq += 1;
      const hash = chainHash(this.key, prevHash, firmId, seq, record.eventId, record.body);
      links.push({ seq, eventId: record.eventId, body: record.body, prevHash, hash });
      prevHash = hash;
    }
    if (links.length === 0) return;
    await this.chains.insertLinks(manager, firmId, links);
    await this.chains.moveHead(manager, firmId, seq, prevHash);
    this.anchors.moved(manager.queryRunner, firmId, { lastSeq: seq, lastHash: prevHash });
  }

  async appendNow(firmId: string, eventId: string, body: Record<string, unknown>): Promise<void> {
    await withTenant(this.dataSource, firmId, (manager) => this.append(manager, firmId, eventId, body));
  }

  /** Newest first; the cursor is the last sequence number seen. */
  async list(firmId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AuditEntryView>> {
    let before: number | undefined;
    if (cursor !== undefined) {
      before = /^\d{1,18}$/.test(cursor) ? Number(cursor) : NaN;
      if (!Number.isSafeInteger(before))
        throw new ValidationFailedError([
          { field: 'cursor', message: 'cursor is not one this API returned' },
        ]);
    }
    const rows = await withTenant(this.dataSource, firmId, (manager) =>
      this.chains.newest(manager, firmId, limit + 1, before),
    );
    const items = rows
      .slice(0, limit)
      .map((row) => ({ seq: Number(row.seq), eventId: row.eventId, ...row.body }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  /**
   * Recomputes one firm's chain page by page (constant memory) from one snapshot, against the
   * stored head and against the head anchored outside the database (see AuditAnchors).
   */
  async verify(firmId: string): Promise<ChainVerification> {
    // One snapshot, so appends that land while a long chain is read are not taken for records past the head.
    const result = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
      const stored = await this.chains.findHead(manager, firmId);
      const head = stored ? { lastSeq: Number(stored.lastSeq), lastHash: stored.lastHash } : null;
      const verifier = new ChainVerifier(this.key, head, this.anchors.anchorOf(firmId));
      for (let after = 0; ;) {
        const rows = await this.chains.after(manager, firmId, after, VERIFY_PAGE);
        for (const row of rows)
          verifier.add({
            firmId,
            seq: Number(row.seq),
            eventId: row.eventId,
            body: row.body,
            prevHash: row.prevHash,
            hash: row.hash,
          });
        const last = rows[rows.length - 1];
        if (!last || rows.length < VERIFY_PAGE) break;
        after = Number(last.seq);
      }
      return { verification: verifier.finish(), head };
    });
    // A head that verified is a point the chain is known to have reached.
    if (result.verification.intact && result.head) this.anchors.observed(firmId, result.head);
    return result.verification;
  }

  /** The firm's head, created at the genesis hash on its first record, and locked for this transaction. */
  private async lockedHead(manager: EntityManager, firmId: string): Promise<AuditChainHead> {
    await this.chains.ensureHead(manager, firmId, GENESIS_HASH);
    const head = await this.chains.lockHead(manager, firmId);
    if (!head) throw new Error(`audit chain head for firm ${firmId} is not visible`);
    return head;
  }
}
