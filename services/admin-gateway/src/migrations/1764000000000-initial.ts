import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';
import { messagingTablesSql } from '@lawfirm/messaging';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "ops_users" ("id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL,
        "roles" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ops_users_email_key" UNIQUE ("email"), CONSTRAINT "PK_ops_users" PRIMARY KEY ("id"))`,
      grantSql('ops_users', appRole, 'SELECT'),
      `CREATE TABLE "audit_records" ("firm_id" uuid NOT NULL, "seq" bigint NOT NULL, "event_id" uuid NOT NULL, "body" jsonb NOT NULL,
        "prev_hash" text NOT NULL, "hash" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "audit_records_firm_event_key" UNIQUE ("firm_id", "event_id"), CONSTRAINT "PK_audit_records" PRIMARY KEY ("firm_id", "seq"))`,
      ...tenantTableSql('audit_records'),
      // Append-only: the app role can add and read records, never change or remove them.
      grantSql('audit_records', appRole, 'SELECT, INSERT'),
      `CREATE TABLE "audit_chain_heads" ("firm_id" uuid NOT NULL, "last_seq" bigint NOT NULL, "last_hash" text NOT NULL,
        CONSTRAINT "PK_audit_chain_heads" PRIMARY KEY ("firm_id"))`,
      ...tenantTableSql('audit_chain_heads'),
      grantSql('audit_chain_heads', appRole, 'SELECT, INSERT, UPDATE'),
      ...messagingTablesSql(appRole),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Initial migration is not reversible; restore from backup instead.');
  }
}
