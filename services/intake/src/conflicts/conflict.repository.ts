import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { ConflictCheck } from './conflict-check.entity';
import { ConflictSignoff } from './conflict-signoff.entity';
import type { ConflictHit, ConflictHitMatter, ConflictQueryName, RefType } from './conflict.types';

export interface StoredCheckRow {
  id: string;
  matter_id: string | null;
  purpose: string;
  query: ConflictQueryName[];
  hits: ConflictHit[];
  hit_count: number;
  outcome: 'no-hits' | 'hits';
  run_by: string;
  created_at: Date;
  decision: string | null;
  waiver_reference: string | null;
  reason: string | null;
  signed_by: string | null;
  signed_at: Date | null;
}

@Injectable()
export class ConflictRepository {
  /** Matters (and the role) in which each record appears: as a matter's client or as a party. */
  async mattersOf(manager: EntityManager, refIds: string[]): Promise<Map<string, ConflictHitMatter[]>> {
    const result = new Map<string, ConflictHitMatter[]>();
    if (refIds.length === 0) return result;
    // Raw SQL: a UNION of a record's matters as client and as party, which TypeORM's query builder cannot express.
    const rows: Array<{
      ref_id: string;
      matter_id: string;
      number: string;
      title: string;
      status: string;
      role: string;
    }> = await manager.query(
      `SELECT m.client_id AS ref_id, m.id AS matter_id, m.number, m.title, m.status, 'client' AS role
           FROM matters m WHERE m.client_id = ANY($1)
         UNION
         SELECT p.party_id, m.id, m.number, m.title, m.status, p.role
           FROM matter_parties p JOIN matters m ON m.firm_id = p.firm_id AND m.id = p.matter_id
          WHERE p.party_id = ANY($1)`,
      [refIds],
    );
    for (const row of rows) {
      const list = result.get(row.ref_id) ?? [];
      if (!list.some((m) => m.matterId === row.matter_id && m.role === row.role)) {
        list.push({
          matterId: row.matter_id,
          number: row.number,
          title: row.title,
          status: row.status,
          role: row.role,
        });
      }
      result.set(row.ref_id, list);
    }
    return result;
  }

  /** Records related to the given ones, in either direction, with the relationship as seen from the hit. */
  async relatedTo(
    manager: EntityManager,
    refIds: string[],
  ): Promise<
    Array<{
      sourceId: string;
      relatedType: RefType;
      relatedId: string;
      relationship: string;
      relatedName: string;
    }>
  > {
    if (refIds.length === 0) return [];
    // Raw SQL: a CTE over a UNION ALL of both directions, which TypeORM's query builder cannot express.
    return manager.query(
      `WITH links AS (
         SELECT from_id AS source_id, to_type AS related_type, to_id AS related_id, kind AS relationship FROM relationships WHERE from_id = ANY($1)
         UNION ALL
         SELECT to_id, from_type, from_id, 'inverse-' || kind FROM relationships WHERE to_id = ANY($1)
       )
       SELECT l.source_id AS "sourceId", l.related_type AS "relatedType", l.related_id AS "relatedId", l.relationship,
              coalesce(c.name, e.name) AS "relatedName"
         FROM links l
         LEFT JOIN clients c ON l.related_type = 'client' AND c.id = l.related_id
         LEFT JOIN entities e ON l.related_type = 'entity' AND e.id = l.related_id`,
      [refIds],
    );
  }

  async primaryNames(
    manager: EntityManager,
    refs: Array<{ type: RefType; id: string }>,
  ): Promise<Map<string, string>> {
    const ids = refs.map((ref) => ref.id);
    // Raw SQL: one UNION ALL over the three named tables, which TypeORM's query builder cannot express.
    const rows: Array<{ id: string; name: string }> = ids.length
      ? await manager.query(
          `SELECT id, name FROM clients WHERE id = ANY($1) UNION ALL SELECT id, name FROM entities WHERE id = ANY($1)
           UNION ALL SELECT id, name FROM leads WHERE id = ANY($1)`,
          [ids],
        )
      : [];
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async insertCheck(
    manager: EntityManager,
    check: {
      id: string;
      firmId: string;
      matterId: string | null;
      purpose: string;
      query: ConflictQueryName[];
      hits: ConflictHit[];
      runBy: string;
    },
  ): Promise<void> {
    await manager.insert(ConflictCheck, {
      ...check,
      hitCount: check.hits.length,
      outcome: check.hits.length ? 'hits' : 'no-hits',
    });
  }

  async insertSignoff(
    manager: EntityManager,
    signoff: {
      id: string;
      firmId: string;
      checkId: string;
      decision: ConflictSignoff['decision'];
      waiverReference?: string;
      reason?: string;
      signedBy: string;
    },
  ): Promise<void> {
    await manager.insert(ConflictSignoff, {
      ...signoff,
      waiverReference: signoff.waiverReference ?? null,
      reason: signoff.reason ?? null,
    });
  }

  /**
   * Serialises sign-offs of one check until the transaction ends, so each later one reads the
   * decision the first committed. An advisory lock, not FOR UPDATE: checks and sign-offs are
   * insert-only, and PostgreSQL row locks need the UPDATE privilege the app role does not have.
   */
  async lockForSignOff(manager: EntityManager, checkId: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('intake.conflict_signoffs'), hashtext($1))`, [
      checkId,
    ]);
  }

  async findCheck(manager: EntityManager, id: string): Promise<StoredCheckRow | null> {
    return (
      (await this.checksWithSignoff(manager).where('c.id = :id', { id }).getRawOne<StoredCheckRow>()) ?? null
    );
  }

  listForMatter(manager: EntityManager, matterId: string): Promise<StoredCheckRow[]> {
    return this.checksWithSignoff(manager)
      .where('c.matter_id = :matterId', { matterId })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .getRawMany<StoredCheckRow>();
  }

  private checksWithSignoff(manager: EntityManager): SelectQueryBuilder<ConflictCheck> {
    const columns = [
      'id',
      'matter_id',
      'purpose',
      'query',
      'hits',
      'hit_count',
      'outcome',
      'run_by',
      'created_at',
    ];
    const signoffColumns = ['decision', 'waiver_reference', 'reason', 'signed_by', 'signed_at'];
    const query = manager
      .createQueryBuilder(ConflictCheck, 'c')
      .leftJoin(ConflictSignoff, 's', 's.check_id = c.id')
      .select('c.id', 'id');
    for (const column of columns.slice(1)) query.addSelect(`c.${column}`, column);
    for (const column of signoffColumns) query.addSelect(`s.${column}`, column);
    return query;
  }
}
