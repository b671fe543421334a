import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql } from '@lawfirm/database';

/** A reversed entry leaves work in progress, so the app role may delete WIP rows. */
export class WipReversals1764200000001 implements MigrationInterface {
  name = 'WipReversals1764200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(grantSql('wip_entries', appRoleFromEnv(), 'DELETE'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`REVOKE DELETE ON wip_entries FROM "${appRoleFromEnv()}"`);
  }
}
