import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv } from '@lawfirm/database';
import { matterProjectionSql } from '@lawfirm/matter-projection';
import { messagingTablesSql } from '@lawfirm/messaging';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    for (const statement of [...matterProjectionSql(appRole), ...messagingTablesSql(appRole)])
      await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Initial migration is not reversible; restore from backup instead.');
  }
}
