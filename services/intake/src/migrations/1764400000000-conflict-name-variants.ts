import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeName, type NameKind } from '../conflicts/name-normalizer';

const BACKFILL_BATCH = 1000;

/**
 * Conflict search by given-name variant family and family name (issue 10): each person's name
 * in the index keeps the variant family of its first given name and its family name, so
 * "Jonathan Smith" finds "John Smith" and "Jonathon Smyth". Family names are compared by sound
 * with fuzzystrmatch's Double Metaphone; the extension is trusted, so the database owner may
 * create it (provisioning creates it as superuser too).
 */
export class ConflictNameVariants1764400000000 implements MigrationInterface {
  name = 'ConflictNameVariants1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    await queryRunner.query(
      `ALTER TABLE conflict_index ADD COLUMN given_key text, ADD COLUMN family_name text`,
    );
    await queryRunner.query(`CREATE INDEX conflict_index_given ON conflict_index (firm_id, given_key)`);
    // Existing rows of every firm: the forced row-level security would hide them from the owner,
    // so it is lifted for the backfill inside this migration's transaction and restored after it.
    await queryRunner.query(`ALTER TABLE conflict_index NO FORCE ROW LEVEL SECURITY`);
    // Computed with today's normaliser; a later change to the variant families re-keys through
    // its own migration.
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows: Array<{ id: string; display_name: string; kind: NameKind | null }> =
        await queryRunner.query(
          `SELECT id, display_name, kind FROM conflict_index WHERE id > $1 ORDER BY id LIMIT ${BACKFILL_BATCH}`,
          [after],
        );
      if (rows.length === 0) break;
      const keyed = rows.map((row) => ({
        id: row.id,
        ...normalizeName(row.display_name, row.kind ?? undefined),
      }));
      await queryRunner.query(
        `UPDATE conflict_index c SET given_key = v.given_key, family_name = v.family_name
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v (id, given_key, family_name)
          WHERE c.id = v.id`,
        [keyed.map((row) => row.id), keyed.map((row) => row.givenKey), keyed.map((row) => row.familyName)],
      );
      after = rows[rows.length - 1]?.id as string;
    }
    await queryRunner.query(`ALTER TABLE conflict_index FORCE ROW LEVEL SECURITY`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS conflict_index_given`);
    await queryRunner.query(`ALTER TABLE conflict_index DROP COLUMN given_key, DROP COLUMN family_name`);
  }
}
