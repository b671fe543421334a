import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Conflict checks look up every matter of each hit: index matters by client. */
export class ConflictSearchIndexes1764300000000 implements MigrationInterface {
  name = 'ConflictSearchIndexes1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS matters_firm_client ON matters (firm_id, client_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS matters_firm_client`);
  }
}
