import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** Vendor work orders (issue 13) and the outsourcing consents they need, projected from intake. */
export class WorkOrders1766400000101 implements MigrationInterface {
  name = 'WorkOrders1766400000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "outsourcing_consents" ("firm_id" uuid NOT NULL, "consent_id" uuid NOT NULL,
        "client_id" uuid NOT NULL, "scopes" text array NOT NULL, "vendor_ids" uuid array,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_outsourcing_consents" PRIMARY KEY ("firm_id", "consent_id"))`,
      ...tenantTableSql('outsourcing_consents'),
      grantSql('outsourcing_consents', appRole, 'SELECT, INSERT, UPDATE'),
      `CREATE TABLE "work_orders" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "client_id" uuid NOT NULL, "vendor_id" uuid NOT NULL, "work_type" text NOT NULL,
        "instructions" text NOT NULL, "document_ids" uuid array NOT NULL DEFAULT '{}',
        "sla_hours" integer, "due_by" TIMESTAMP WITH TIME ZONE, "due_at" TIMESTAMP WITH TIME ZONE,
        "status" text NOT NULL, "return_reasons" text array, "return_count" integer NOT NULL DEFAULT 0,
        "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "accepted_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE,
        "sla_breached_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_work_orders" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "work_orders_status_check" CHECK (status IN ('assigned', 'accepted', 'declined', 'in-progress', 'submitted', 'returned', 'accepted-by-firm', 'closed', 'cancelled')),
        CONSTRAINT "work_orders_turnaround_check" CHECK (sla_hours IS NULL OR due_by IS NULL))`,
      `CREATE INDEX "work_orders_matter" ON "work_orders" ("firm_id", "matter_id", "id")`,
      `CREATE INDEX "work_orders_vendor" ON "work_orders" ("firm_id", "vendor_id", "id")`,
      `CREATE INDEX "work_orders_sla_due" ON "work_orders" ("firm_id", "due_at")
        WHERE sla_breached_at IS NULL AND due_at IS NOT NULL`,
      ...tenantTableSql('work_orders'),
      grantSql('work_orders', appRole, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
