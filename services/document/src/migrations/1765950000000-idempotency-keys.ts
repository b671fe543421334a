import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, idempotencyKeysTableSql } from '@lawfirm/database';

/** Idempotency-Keys claimed with the change they guard (shared schema, libs/database/src/idempotency.ts). */
export class IdempotencyKeys1765950000000 implements MigrationInterface {
  name = 'IdempotencyKeys1765950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of idempotencyKeysTableSql(appRoleFromEnv())) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
