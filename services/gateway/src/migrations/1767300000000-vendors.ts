import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * A vendor's own requests read its connections across the firms it works for before any one firm is
 * chosen: the `vendor-access` scope (read only).
 */
export const VENDOR_ACCESS_SCOPE = 'vendor-access';

/**
 * Partner vendors (issue 16): vendor organisations registered by operations, their API keys (only a
 * SHA-256 of each key is kept), and each firm's connections to them.
 */
export class Vendors1767300000000 implements MigrationInterface {
  name = 'Vendors1767300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "vendor_orgs" ("id" uuid NOT NULL, "name" text NOT NULL,
        "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "token_epoch" integer NOT NULL DEFAULT 0,
        CONSTRAINT "PK_vendor_orgs" PRIMARY KEY ("id"))`,
      `CREATE TABLE "vendor_keys" ("id" uuid NOT NULL, "vendor_id" uuid NOT NULL, "name" text NOT NULL,
        "key_hash" text NOT NULL, "hint" text NOT NULL, "scopes" text array NOT NULL,
        "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "vendor_keys_key_hash_key" UNIQUE ("key_hash"), CONSTRAINT "PK_vendor_keys" PRIMARY KEY ("id"))`,
      `CREATE INDEX "vendor_keys_vendor" ON "vendor_keys" ("vendor_id", "created_at") `,
      `ALTER TABLE "vendor_keys" ADD CONSTRAINT "vendor_keys_vendor_fk" FOREIGN KEY ("vendor_id") REFERENCES "vendor_orgs"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      `CREATE TABLE "vendor_connections" ("firm_id" uuid NOT NULL, "vendor_id" uuid NOT NULL,
        "connected_by" text NOT NULL, "connected_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "disconnected_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_vendor_connections" PRIMARY KEY ("firm_id", "vendor_id"))`,
      `CREATE INDEX "vendor_connections_vendor" ON "vendor_connections" ("vendor_id", "firm_id") `,
      `ALTER TABLE "vendor_connections" ADD CONSTRAINT "vendor_connections_vendor_fk" FOREIGN KEY ("vendor_id") REFERENCES "vendor_orgs"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      grantSql('vendor_orgs', appRole, 'SELECT, INSERT, UPDATE'),
      grantSql('vendor_keys', appRole, 'SELECT, INSERT, UPDATE'),
      ...tenantTableSql('vendor_connections', { readScopes: [VENDOR_ACCESS_SCOPE] }),
      grantSql('vendor_connections', appRole, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
