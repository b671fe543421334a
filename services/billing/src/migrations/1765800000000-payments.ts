import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Payments and client credit (issue 11): a ledger of entries (payment, credit application, refund,
 * reversal) and their allocations to invoices. Both tables are insert-only for the app role: a payment is
 * never edited, a bounced one is reversed by a new entry pointing at it.
 */
export class Payments1765800000000 implements MigrationInterface {
  name = 'Payments1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "payments" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "kind" text NOT NULL,
        "client_id" uuid NOT NULL, "amount_minor" bigint NOT NULL, "currency" text NOT NULL,
        "entry_date" date NOT NULL, "method" text, "reference" text, "payer" text,
        "reverses_payment_id" uuid, "reason" text, "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_payments" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "payments_amount_positive" CHECK ("amount_minor" > 0))`,
      `CREATE INDEX "payments_firm_client" ON "payments" ("firm_id", "client_id", "entry_date", "id")`,
      // One reversal per payment, whatever the application does.
      `CREATE UNIQUE INDEX "payments_firm_reverses" ON "payments" ("firm_id", "reverses_payment_id")`,
      ...tenantTableSql('payments'),
      grantSql('payments', appRole, 'SELECT, INSERT'),

      `CREATE TABLE "payment_allocations" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL,
        "entry_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "invoice_id" uuid, "amount_minor" bigint NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_payment_allocations" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "payment_allocations_firm_id_entry_id_fkey" FOREIGN KEY ("firm_id", "entry_id")
          REFERENCES "payments" ("firm_id", "id"),
        CONSTRAINT "payment_allocations_firm_id_payment_id_fkey" FOREIGN KEY ("firm_id", "payment_id")
          REFERENCES "payments" ("firm_id", "id"))`,
      `CREATE INDEX "payment_allocations_firm_invoice" ON "payment_allocations" ("firm_id", "invoice_id")`,
      `CREATE INDEX "payment_allocations_firm_payment" ON "payment_allocations" ("firm_id", "payment_id")`,
      ...tenantTableSql('payment_allocations'),
      grantSql('payment_allocations', appRole, 'SELECT, INSERT'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Payments1765800000000 is not reversible; restore from backup instead.');
  }
}
