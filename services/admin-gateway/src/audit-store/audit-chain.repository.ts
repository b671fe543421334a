import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditRecord } from './audit-record.entity';

export interface NewChainLink {
  seq: number;
  eventId: string;
  body: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** Queries of the audit chains; every method runs in the caller's firm-scoped transaction. */
@Injectable()
export class AuditChainRepository {
  /** Creates the firm's head at the genesis hash if it has none yet. */
  async ensureHead(manager: EntityManager, firmId: string, genesisHash: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditChainHead)
      .values({ firmId, lastSeq: '0', lastHash: genesisHash })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  /** The firm's head, row-locked until the transaction ends: concurrent appends to one chain queue here. */
  lockHead(manager: EntityManager, firmId: string): Promise<AuditChainHead | null> {
    return manager
      .getRepository(AuditChainHead)
      .createQueryBuilder('head')
      .where('head.firmId = :firmId', { firmId })
      .setLock('pessimistic_write')
      .getOne();
  }

  findHead(manager: EntityManager, firmId: string): Promise<AuditChainHead | null> {
    return manager.getRepository(AuditChainHead).findOne({ where: { firmId } });
  }

  async moveHead(manager: EntityManager, firmId: string, lastSeq: number, lastHash: string): Promise<void> {
    await manager.update(AuditChainHead, { firmId }, { lastSeq: String(lastSeq), lastHash });
  }

  /** Which of these events the firm's chain already holds. */
  async chainedEventIds(manager: EntityManager, firmId: string, eventIds: string[]): Promise<Set<string>> {
    const rows = await manager
      .getRepository(AuditRecord)
      .find({ select: { eventId: true }, where: { firmId, eventId: In(eventIds) } });
    return new Set(rows.map((row) => row.eventId));
  }

  /**
   * One statement per batch, however many links: raw SQL because TypeORM's multi-row insert
   * builds and escapes six parameters a row in JavaScript, which cost the admin gateway more CPU
   * per chained request than the rest of appendMany (bench/README.md, gateway-overhead, issue 9).
   */
  async insertLinks(manager: EntityManager, firmId: string, links: NewChainLink[]): Promise<void> {
    await manager.query(
      `INSERT INTO audit_records (firm_id, seq, event_id, body, prev_hash, hash)
       SELECT $1, * FROM unnest($2::bigint[], $3::uuid[], $4::jsonb[], $5::text[], $6::text[])`,
      [
        firmId,
        links.map((link) => String(link.seq)),
        links.map((link) => link.eventId),
        links.map((link) => JSON.stringify(link.body)),
        links.map((link) => link.prevHash),
        links.map((link) => link.hash),
      ],
    );
  }

  /** Newest first, before a sequence number when given. */
  newest(manager: EntityManager, firmId: string, limit: number, beforeSeq?: number): Promise<AuditRecord[]> {
    const query = manager
      .getRepository(AuditRecord)
      .createQueryBuilder('record')
      .select(['record.seq', 'record.eventId', 'record.body'])
      .where('record.firmId = :firmId', { firmId })
      .orderBy('record.seq', 'DESC')
      .limit(limit);
    if (beforeSeq !== undefined) query.andWhere('record.seq < :beforeSeq', { beforeSeq });
    return query.getMany();
  }

  /** Oldest first, after a sequence number: the chain in the order it was built. */
  after(manager: EntityManager, firmId: string, afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return manager
      .getRepository(AuditRecord)
      .createQueryBuilder('record')
      .where('record.firmId = :firmId', { firmId })
      .andWhere('record.seq > :afterSeq', { afterSeq })
      .orderBy('record.seq', 'ASC')
      .limit(limit)
      .getMany();
  }
}
