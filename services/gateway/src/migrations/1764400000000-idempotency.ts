import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** Idempotency records: a caller's key, the request it was first used with, and the answer it got. */
export class Idempotency1764400000000 implements MigrationInterface {
  name = 'Idempotency1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE idempotency_records (
         firm_id uuid NOT NULL, subject text NOT NULL, key text NOT NULL,
         fingerprint text NOT NULL, method text NOT NULL, path text NOT NULL,
         state text NOT NULL CHECK (state IN ('in-progress', 'completed')),
         status integer, content_type text, body bytea,
         started_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz,
         expires_at timestamptz NOT NULL,
         PRIMARY KEY (firm_id, subject, key))`,
      `CREATE INDEX idempotency_records_expiry ON idempotency_records (firm_id, expires_at)`,
      ...tenantTableSql('idempotency_records'),
      grantSql('idempotency_records', appRoleFromEnv(), 'SELECT, INSERT, UPDATE, DELETE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
