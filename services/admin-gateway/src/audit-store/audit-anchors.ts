import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import type { ChainHeadState } from '@lawfirm/audit';
import { LOGGER } from '@lawfirm/platform';
import type { Logger } from '@lawfirm/observability';

export const AUDIT_CHAIN_KEY = Symbol('AUDIT_CHAIN_KEY');
export const AUDIT_ANCHOR_FILE = Symbol('AUDIT_ANCHOR_FILE');

const ANCHOR_WRITE_INTERVAL_MS = 10_000;

/**
 * The highest point each firm's chain was seen to reach, kept outside the database: in this
 * process's memory and, when `AUDIT_ANCHOR_FILE` is set, in a file signed with the chain key. The
 * database's owner can delete a chain's tail and rewind its head to a record that still verifies;
 * only a record of how far the chain had already got, held where the database cannot reach, shows
 * that. A head is anchored only once its transaction committed (a rolled-back append must not
 * raise a false alarm), so the anchor is a lower bound of the truth.
 */
@Injectable()
export class AuditAnchors implements EntitySubscriberInterface, OnModuleInit, OnApplicationShutdown {
  private readonly heads = new Map<string, ChainHeadState>();
  private readonly pending = new WeakMap<QueryRunner, Map<string, ChainHeadState>>();
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUDIT_CHAIN_KEY) private readonly key: Buffer,
    @Inject(AUDIT_ANCHOR_FILE) private readonly file: string | undefined,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // TypeORM tells its subscribers when a transaction commits or rolls back.
    this.dataSource.subscribers.push(this);
    if (this.file) {
      this.load(this.file);
      this.timer = setInterval(() => this.save(), ANCHOR_WRITE_INTERVAL_MS);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.save();
  }

  /** The chain's anchored head, if this process (or its anchor file) has seen one. */
  anchorOf(firmId: string): ChainHeadState | undefined {
    return this.heads.get(firmId);
  }

  /** Remembers a head moved inside `queryRunner`'s transaction, anchored when that commits. */
  moved(queryRunner: QueryRunner | undefined, firmId: string, head: ChainHeadState): void {
    if (!queryRunner) return;
    let moves = this.pending.get(queryRunner);
    if (!moves) this.pending.set(queryRunner, (moves = new Map()));
    moves.set(firmId, head);
  }

  /** A head read from a consistent snapshot of the database (verify) is anchored too. */
  observed(firmId: string, head: ChainHeadState): void {
    const known = this.heads.get(firmId);
    if (known && known.lastSeq >= head.lastSeq) return;
    this.heads.set(firmId, { lastSeq: head.lastSeq, lastHash: head.lastHash });
    this.dirty = true;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint is not a commit: wait for the outermost transaction.
    if (event.queryRunner.isTransactionActive) return;
    const moves = this.pending.get(event.queryRunner);
    if (!moves) return;
    this.pending.delete(event.queryRunner);
    for (const [firmId, head] of moves) this.observed(firmId, head);
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    // Also a savepoint's rollback: dropping what is pending only ever weakens the anchor, never falsifies it.
    this.pending.delete(event.queryRunner);
  }

  private signature(body: string): Buffer {
    return createHmac('sha256', this.key).update('audit-anchors\n').update(body).digest();
  }

  private load(file: string): void {
    if (!existsSync(file)) return;
    try {
      const { body, mac } = JSON.parse(readFileSync(file, 'utf8')) as { body: string; mac: string };
      const expected = this.signature(body);
      const given = Buffer.from(mac, 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        this.logger.error({ file }, 'audit anchor file is not signed with this chain key; ignored');
        return;
      }
      for (const [firmId, head] of Object.entries(JSON.parse(body) as Record<string, ChainHeadState>))
        this.observed(firmId, head);
      this.dirty = false;
    } catch (error) {
      this.logger.error(
        { file, err: error instanceof Error ? error.message : error },
        'audit anchor file unreadable; ignored',
      );
    }
  }

  private save(): void {
    if (!this.file || !this.dirty) return;
    const body = JSON.stringify(Object.fromEntries(this.heads));
    const temporary = `${this.file}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify({ body, mac: this.signature(body).toString('hex') }), {
        mode: 0o600,
      });
      renameSync(temporary, this.file);
      this.dirty = false;
    } catch (error) {
      this.logger.error(
        { file: this.file, err: error instanceof Error ? error.message : error },
        'could not write the audit anchor file',
      );
    }
  }
}
