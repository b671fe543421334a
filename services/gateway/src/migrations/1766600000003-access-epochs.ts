import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation epochs (issue 15): a user's, an API client's and a firm's tokens carry the epoch they
 * were issued under; moving it on refuses every older token at once. Firms can be suspended.
 */
export class AccessEpochs1766600000003 implements MigrationInterface {
  name = 'AccessEpochs1766600000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['users', 'api_clients', 'firms'])
      await queryRunner.query(`ALTER TABLE "${table}" ADD "token_epoch" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "firms" ADD "suspended_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
