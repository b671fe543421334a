import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, signInThrottleTableSql } from '@lawfirm/database';

/** Wrong sign-ins per account and per source address, shared by every instance (issue 15). */
export class SignInThrottles1766600000001 implements MigrationInterface {
  name = 'SignInThrottles1766600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of signInThrottleTableSql(appRoleFromEnv())) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
