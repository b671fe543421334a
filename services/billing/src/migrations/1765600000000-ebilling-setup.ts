import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** E-billing setup: each client's LEDES profile and the firm's invoice letterhead. */
export class EbillingSetup1765600000000 implements MigrationInterface {
  name = 'EbillingSetup1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "ebilling_profiles" ("firm_id" uuid NOT NULL, "client_id" uuid NOT NULL,
        "ledes_client_id" text NOT NULL, "law_firm_id" text NOT NULL,
        "require_task_codes" boolean NOT NULL, "require_activity_codes" boolean NOT NULL,
        "require_expense_codes" boolean NOT NULL, "client_address" jsonb NOT NULL, "client_tax_id" text,
        "client_matter_ids" jsonb NOT NULL, "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_ebilling_profiles" PRIMARY KEY ("firm_id", "client_id"))`,
      ...tenantTableSql('ebilling_profiles'),
      grantSql('ebilling_profiles', appRole, 'SELECT, INSERT, UPDATE'),
      `CREATE TABLE "billing_letterheads" ("firm_id" uuid NOT NULL, "name" text NOT NULL, "address" jsonb NOT NULL,
        "tax_id" text, "phone" text, "email" text, "website" text, "payment_instructions" jsonb NOT NULL,
        "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_billing_letterheads" PRIMARY KEY ("firm_id"))`,
      ...tenantTableSql('billing_letterheads'),
      grantSql('billing_letterheads', appRole, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "billing_letterheads"');
    await queryRunner.query('DROP TABLE "ebilling_profiles"');
  }
}
