import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Taxes (issue 11): the firm's tax rates (versions of a tax code with effective dates; never edited), the
 * client and matter tax settings (which code applies, or exempt), and the tax stored on an invoice's lines
 * and totals when it is issued (immutable afterwards, like the rest of the invoice).
 */
export class Taxes1767500000000 implements MigrationInterface {
  name = 'Taxes1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "tax_rates" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "code" text NOT NULL,
        "name" text NOT NULL, "tax_type" text NOT NULL, "rate_bp" integer NOT NULL,
        "applies_to_fees" boolean NOT NULL, "applies_to_expenses" boolean NOT NULL, "jurisdiction" text NOT NULL,
        "registration_number" text, "effective_from" date NOT NULL, "effective_to" date,
        "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_tax_rates" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "tax_rates_rate_bp" CHECK ("rate_bp" BETWEEN 0 AND 10000),
        CONSTRAINT "tax_rates_dates" CHECK ("effective_to" IS NULL OR "effective_to" >= "effective_from"))`,
      `CREATE UNIQUE INDEX "tax_rates_firm_code_from" ON "tax_rates" ("firm_id", "code", "effective_from")`,
      ...tenantTableSql('tax_rates'),
      grantSql('tax_rates', appRole, 'SELECT, INSERT'),
      `CREATE TABLE "tax_settings" ("firm_id" uuid NOT NULL, "scope" text NOT NULL, "subject_id" uuid NOT NULL,
        "tax_code" text, "exempt" boolean NOT NULL, "reason" text, "updated_by" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_tax_settings" PRIMARY KEY ("firm_id", "scope", "subject_id"),
        CONSTRAINT "tax_settings_scope" CHECK ("scope" IN ('client', 'matter')),
        CONSTRAINT "tax_settings_exempt_or_code" CHECK ("exempt" = ("tax_code" IS NULL)))`,
      ...tenantTableSql('tax_settings'),
      grantSql('tax_settings', appRole, 'SELECT, INSERT, UPDATE'),
      `ALTER TABLE "invoice_lines" ADD "tax_rate_id" uuid, ADD "tax_type" text, ADD "tax_rate_bp" integer,
        ADD "tax_minor" bigint NOT NULL DEFAULT 0`,
      `ALTER TABLE "invoices" ADD "tax_minor" bigint NOT NULL DEFAULT 0`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Taxes1767500000000 is not reversible; restore from backup instead.');
  }
}
