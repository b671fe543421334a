import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '@lawfirm/contracts';
import { ConflictIndexEntry } from './conflict-index.entity';
import type { IndexedName, RefType } from './conflict.types';
import { normalizeName, type NameKind } from './name-normalizer';

export interface IndexRow {
  ref_type: RefType;
  ref_id: string;
  display_name: string;
  name_type: string;
  kind: NameKind | null;
  match_key: string;
  score: number;
}

/** Similarity (pg_trgm, 0–1) at which two normalised names are worth a clerk's look. */
export const FUZZY_THRESHOLD = 0.5;

/**
 * Every name the firm has recorded, in normalised form, kept in the same transaction as the
 * record it belongs to. Search is an equality probe on the match key plus a trigram
 * similarity search (GIN index) for typos.
 */
@Injectable()
export class ConflictIndexRepository {
  async index(
    manager: EntityManager,
    firmId: string,
    refType: RefType,
    refId: string,
    names: IndexedName[],
  ): Promise<void> {
    for (const entry of names) {
      const { normalized, matchKey } = normalizeName(entry.name, entry.kind);
      await manager.insert(ConflictIndexEntry, {
        id: uuidv7(),
        firmId,
        refType,
        refId,
        displayName: entry.name,
        nameType: entry.nameType,
        kind: entry.kind ?? null,
        normalized,
        matchKey,
      });
    }
  }

  async remove(manager: EntityManager, refId: string, name?: string): Promise<void> {
    await manager.delete(ConflictIndexEntry, name === undefined ? { refId } : { refId, displayName: name });
  }

  /** Candidates for one query key, best first. Runs inside the caller's firm-scoped transaction. */
  async search(manager: EntityManager, matchKey: string, limit = 50): Promise<IndexRow[]> {
    // Raw SQL: pg_trgm's threshold setting, `%` operator and similarity() have no TypeORM form.
    await manager.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
      String(FUZZY_THRESHOLD),
    ]);
    const rows: Array<IndexRow & { score: string | number }> = await manager.query(
      `SELECT ref_type, ref_id, display_name, name_type, kind, match_key, similarity(match_key, $1) AS score
         FROM conflict_index
        WHERE match_key = $1 OR match_key % $1
        ORDER BY score DESC, display_name
        LIMIT $2`,
      [matchKey, limit],
    );
    return rows.map((row) => ({ ...row, score: Number(row.score) }));
  }
}
