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
  /** For a row found by given-name family: how its family name agreed with the query's. */
  variant_rule?: VariantRule;
}

/** How a person's family name agreed with the query's when the given names are one family. */
export type VariantRule = 'name-variant' | 'phonetic' | 'fuzzy';

/** Similarity (pg_trgm, 0–1) at which two normalised names are worth a clerk's look. */
export const FUZZY_THRESHOLD = 0.5;
/**
 * Shortest family name compared by sound: Double Metaphone codes of short names collide too
 * readily ("Berg"/"Borg", "Ng"/"Ngo" are different families), so those must agree in spelling.
 */
export const PHONETIC_MIN_LENGTH = 5;
/**
 * Similarity at which two family names count as one misspelt: stricter than FUZZY_THRESHOLD,
 * which is meant for whole names; single short words reach 0.5 too easily ("Smith"/"Smithers").
 */
export const FAMILY_NAME_THRESHOLD = 0.6;

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
      const { normalized, matchKey, givenKey, familyName } = normalizeName(entry.name, entry.kind);
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
        givenKey,
        familyName,
      });
    }
  }

  async remove(manager: EntityManager, refId: string, name?: string): Promise<void> {
    await manager.delete(ConflictIndexEntry, name === undefined ? { refId } : { refId, displayName: name });
  }

  /**
   * Every record whose key equals the query's or is similar to it, best first; no cap, because a
   * check that leaves out a hit is worse than a long one. Runs inside the caller's firm-scoped
   * transaction.
   */
  async search(manager: EntityManager, matchKey: string): Promise<IndexRow[]> {
    // Raw SQL: pg_trgm's threshold setting, `%` operator and similarity() have no TypeORM form.
    await manager.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
      String(FUZZY_THRESHOLD),
    ]);
    const rows: Array<IndexRow & { score: string | number }> = await manager.query(
      `SELECT ref_type, ref_id, display_name, name_type, kind, match_key, similarity(match_key, $1) AS score
         FROM conflict_index
        WHERE match_key = $1 OR match_key % $1
        ORDER BY score DESC, display_name`,
      [matchKey],
    );
    return rows.map((row) => ({ ...row, score: Number(row.score) }));
  }

  /**
   * People whose first given name is of the query's variant family and whose family name agrees:
   * equal, similar in spelling (trigram), or equal in sound (Double Metaphone, for names long
   * enough to tell apart that way). The given-key condition stands alone so the index serves it
   * under row-level security; the family-name test runs on its few rows.
   */
  async searchVariants(
    manager: EntityManager,
    matchKey: string,
    givenKey: string,
    familyName: string,
  ): Promise<IndexRow[]> {
    // Raw SQL: similarity() (pg_trgm) and dmetaphone() (fuzzystrmatch) have no TypeORM form.
    const rows: Array<IndexRow & { score: string | number }> = await manager.query(
      `SELECT * FROM (
         SELECT ref_type, ref_id, display_name, name_type, kind, match_key, similarity(match_key, $1) AS score,
                CASE WHEN family_name = $3 THEN 'name-variant'
                     WHEN length(family_name) >= $5 AND length($3) >= $5 AND dmetaphone(family_name) = dmetaphone($3) THEN 'phonetic'
                     WHEN similarity(family_name, $3) >= $4 THEN 'fuzzy'
                END AS variant_rule
           FROM conflict_index
          WHERE given_key = $2
       ) candidates
       WHERE variant_rule IS NOT NULL
       ORDER BY score DESC, display_name`,
      [matchKey, givenKey, familyName, FAMILY_NAME_THRESHOLD, PHONETIC_MIN_LENGTH],
    );
    return rows.map((row) => ({ ...row, score: Number(row.score) }));
  }
}
