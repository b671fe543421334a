import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency records may be "in doubt" (issue 10): no answer came, the service may have committed. */
export class IdempotencyInDoubt1765950000000 implements MigrationInterface {
  name = 'IdempotencyInDoubt1765950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_state_check`,
    );
    await queryRunner.query(
      `ALTER TABLE idempotency_records ADD CONSTRAINT idempotency_records_state_check
         CHECK (state IN ('in-progress', 'in-doubt', 'completed'))`,
    );
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
