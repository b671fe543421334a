import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * TOTP second factor (issue 15): one enrolment per user (the RFC 6238 secret sealed with AES-256-GCM,
 * the last time step used so a code is never accepted twice, the recovery codes' SHA-256 hashes), and
 * each firm's security settings (whether its users must have TOTP).
 */
export class Totp1767200000001 implements MigrationInterface {
  name = 'Totp1767200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const role = appRoleFromEnv();
    const statements = [
      `CREATE TABLE user_totp (
         firm_id uuid NOT NULL, user_id uuid NOT NULL, sealed_secret text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(), confirmed_at timestamptz,
         last_used_step bigint NOT NULL DEFAULT 0, recovery_code_hashes text[] NOT NULL DEFAULT '{}',
         CONSTRAINT "PK_user_totp" PRIMARY KEY (firm_id, user_id))`,
      ...tenantTableSql('user_totp'),
      grantSql('user_totp', role, 'SELECT, INSERT, UPDATE, DELETE'),
      `CREATE TABLE firm_security_settings (
         firm_id uuid NOT NULL, require_totp boolean NOT NULL DEFAULT false,
         updated_at timestamptz NOT NULL DEFAULT now(), updated_by text NOT NULL,
         CONSTRAINT "PK_firm_security_settings" PRIMARY KEY (firm_id))`,
      ...tenantTableSql('firm_security_settings'),
      grantSql('firm_security_settings', role, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
