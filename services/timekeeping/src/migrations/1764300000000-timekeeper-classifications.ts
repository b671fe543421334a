import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Firm-registered timekeeper classifications (beside the six LEDES 1998B codes), each reporting as
 * one of the six. Timekeepers and time entries keep the LEDES code their classification reported
 * as; rows from before this migration have none, and readers fall back to `classification`, which
 * could then only be one of the six.
 */
export class TimekeeperClassifications1764300000000 implements MigrationInterface {
  name = 'TimekeeperClassifications1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const ledes = `('PT', 'AS', 'OC', 'PL', 'LA', 'OT')`;
    const statements = [
      `CREATE TABLE timekeeper_classifications (
         firm_id uuid NOT NULL,
         code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9]{1,5}$' AND code NOT IN ${ledes}),
         label text NOT NULL, description text,
         ledes_code text NOT NULL CHECK (ledes_code IN ${ledes}),
         active boolean NOT NULL DEFAULT true, created_by text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (firm_id, code))`,
      ...tenantTableSql('timekeeper_classifications'),
      grantSql('timekeeper_classifications', appRole, 'SELECT, INSERT, UPDATE'),
      `ALTER TABLE timekeepers ADD COLUMN ledes_classification text CHECK (ledes_classification IN ${ledes})`,
      `ALTER TABLE time_entries ADD COLUMN ledes_classification text CHECK (ledes_classification IN ${ledes})`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
