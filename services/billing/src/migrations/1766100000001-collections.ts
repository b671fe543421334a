import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Collections (issue 11): the firm's default payment terms (used when a matter's billing terms name
 * none) and each invoice's collections status (promised, disputed, in collections, written off). A
 * write-off itself is a `write-off` entry in the payments ledger, so open amounts and aging see it.
 * Additive: new tables only.
 */
export class Collections1766100000001 implements MigrationInterface {
  name = 'Collections1766100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "firm_billing_terms" ("firm_id" uuid NOT NULL, "payment_terms_days" integer NOT NULL,
        "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_firm_billing_terms" PRIMARY KEY ("firm_id"),
        CONSTRAINT "firm_billing_terms_days" CHECK ("payment_terms_days" BETWEEN 0 AND 365))`,
      ...tenantTableSql('firm_billing_terms'),
      grantSql('firm_billing_terms', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "invoice_collections" ("firm_id" uuid NOT NULL, "invoice_id" uuid NOT NULL,
        "status" text NOT NULL, "promised_on" date, "promised_minor" bigint, "dispute_reason" text,
        "note" text, "write_off_entry_id" uuid, "updated_by" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_invoice_collections" PRIMARY KEY ("firm_id", "invoice_id"),
        CONSTRAINT "invoice_collections_status" CHECK ("status" IN ('none', 'promised', 'disputed', 'in-collections', 'written-off')))`,
      `CREATE INDEX "invoice_collections_firm_status" ON "invoice_collections" ("firm_id", "status")`,
      ...tenantTableSql('invoice_collections'),
      grantSql('invoice_collections', appRole, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Collections1766100000001 is not reversible; restore from backup instead.');
  }
}
