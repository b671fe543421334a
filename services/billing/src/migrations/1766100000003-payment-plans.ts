import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Payment plans (issue 11): instalments agreed for an invoice's open amount. One plan per invoice; plans
 * and instalments are insert-only (an instalment's status is derived from the payments, never stored).
 */
export class PaymentPlans1766100000003 implements MigrationInterface {
  name = 'PaymentPlans1766100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "payment_plans" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "invoice_id" uuid NOT NULL,
        "client_id" uuid NOT NULL, "currency" text NOT NULL, "total_minor" bigint NOT NULL,
        "paid_before_minor" bigint NOT NULL, "note" text, "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_payment_plans" PRIMARY KEY ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "payment_plans_firm_invoice" ON "payment_plans" ("firm_id", "invoice_id")`,
      ...tenantTableSql('payment_plans'),
      grantSql('payment_plans', appRole, 'SELECT, INSERT'),
      `CREATE TABLE "payment_plan_instalments" ("firm_id" uuid NOT NULL, "plan_id" uuid NOT NULL,
        "position" integer NOT NULL, "due_on" date NOT NULL, "amount_minor" bigint NOT NULL,
        CONSTRAINT "PK_payment_plan_instalments" PRIMARY KEY ("firm_id", "plan_id", "position"),
        CONSTRAINT "payment_plan_instalments_firm_id_plan_id_fkey" FOREIGN KEY ("firm_id", "plan_id")
          REFERENCES "payment_plans" ("firm_id", "id"))`,
      ...tenantTableSql('payment_plan_instalments'),
      grantSql('payment_plan_instalments', appRole, 'SELECT, INSERT'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('PaymentPlans1766100000003 is not reversible; restore from backup instead.');
  }
}
