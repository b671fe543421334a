import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Late charges (issue 11): the engagement's late-charge terms (per matter, or the firm's default under the
 * nil matter id) and the charges a run issued, one per invoice and period (insert-only).
 */
export class LateCharges1766100000101 implements MigrationInterface {
  name = 'LateCharges1766100000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "late_charge_terms" ("firm_id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "annual_rate_bp" integer, "flat_fee_minor" bigint, "currency" text, "grace_days" integer NOT NULL,
        "cap_bp" integer, "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_late_charge_terms" PRIMARY KEY ("firm_id", "matter_id"))`,
      ...tenantTableSql('late_charge_terms'),
      grantSql('late_charge_terms', appRole, 'SELECT, INSERT, UPDATE'),
      `CREATE TABLE "late_charges" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "invoice_id" uuid NOT NULL,
        "period" text NOT NULL, "as_of" date NOT NULL, "client_id" uuid NOT NULL, "matter_id" uuid,
        "currency" text NOT NULL, "interest_minor" bigint NOT NULL, "flat_fee_minor" bigint NOT NULL,
        "amount_minor" bigint NOT NULL, "principal_minor" bigint NOT NULL, "chargeable_days" integer NOT NULL,
        "annual_rate_bp" integer, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_late_charges" PRIMARY KEY ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "late_charges_firm_invoice_period" ON "late_charges" ("firm_id", "invoice_id", "period")`,
      ...tenantTableSql('late_charges'),
      grantSql('late_charges', appRole, 'SELECT, INSERT'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('LateCharges1766100000101 is not reversible; restore from backup instead.');
  }
}
