import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * The billing issue: expenses and outsourcing facts in WIP, a client projection, rate rules, matters'
 * billing terms, pre-bills and invoices with their lines, credit notes and the gap-free number series.
 * Issued invoices and their lines are immutable by trigger; credit notes by grants (insert-only).
 */
export class BillingCore1765700000000 implements MigrationInterface {
  name = 'BillingCore1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // This migration was briefly named BillingCore1764900000000 (before the outbox-parking and e-billing
    // ones); a local or test database that ran it under that name already has all of this.
    const renamed = (await queryRunner.query(
      `SELECT name FROM schema_migrations WHERE name = 'BillingCore1764900000000'`,
    )) as Array<{ name: string }>;
    if (renamed.length > 0) {
      await queryRunner.query(`DELETE FROM schema_migrations WHERE name = 'BillingCore1764900000000'`);
      return;
    }
    const appRole = appRoleFromEnv();
    const statements = [
      `ALTER TABLE "wip_entries" ADD "outsourced" boolean NOT NULL DEFAULT false, ADD "vendor_id" uuid,
        ADD "timekeeper_name" text, ADD "classification" text, ADD "ledes_classification" text,
        ADD "task_code" text, ADD "activity_code" text, ADD "invoice_id" uuid, ADD "billed_at" TIMESTAMP WITH TIME ZONE`,

      `CREATE TABLE "wip_expenses" ("firm_id" uuid NOT NULL, "expense_id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "timekeeper_id" text NOT NULL, "expense_date" date NOT NULL, "expense_code" text NOT NULL,
        "description" text NOT NULL, "amount_minor" bigint NOT NULL, "currency" text NOT NULL,
        "billable" boolean NOT NULL, "outsourced" boolean NOT NULL, "vendor_id" uuid,
        "approved_at" TIMESTAMP WITH TIME ZONE NOT NULL, "source_event_id" uuid NOT NULL, "invoice_id" uuid,
        "billed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_wip_expenses" PRIMARY KEY ("firm_id", "expense_id"))`,
      `CREATE INDEX "wip_expenses_firm_matter" ON "wip_expenses" ("firm_id", "matter_id", "expense_date", "expense_id")`,
      ...tenantTableSql('wip_expenses'),
      grantSql('wip_expenses', appRole, 'SELECT, INSERT, UPDATE, DELETE'),

      `CREATE TABLE "client_projection" ("firm_id" uuid NOT NULL, "client_id" uuid NOT NULL, "name" text NOT NULL,
        "kind" text NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_client_projection" PRIMARY KEY ("firm_id", "client_id"))`,
      ...tenantTableSql('client_projection'),
      grantSql('client_projection', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "rate_rules" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "scope" text NOT NULL,
        "matter_id" uuid, "client_id" uuid, "timekeeper_id" text, "activity_code" text,
        "rate_minor" bigint NOT NULL, "currency" text NOT NULL, "effective_from" date NOT NULL, "effective_to" date,
        "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_by" text,
        CONSTRAINT "PK_rate_rules" PRIMARY KEY ("firm_id", "id"))`,
      `CREATE INDEX "rate_rules_firm_scope" ON "rate_rules" ("firm_id", "scope", "effective_from")`,
      ...tenantTableSql('rate_rules'),
      grantSql('rate_rules', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "matter_billing_terms" ("firm_id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "flat_fee_minor" bigint, "currency" text NOT NULL, "contingency_settlement_bp" integer,
        "contingency_trial_bp" integer, "contingency_appeal_bp" integer, "expenses_deducted" text,
        "vendor_markup_bp" integer, "vendor_markup_disclosure" text,
        "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_matter_billing_terms" PRIMARY KEY ("firm_id", "matter_id"))`,
      ...tenantTableSql('matter_billing_terms'),
      grantSql('matter_billing_terms', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "invoices" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "status" text NOT NULL,
        "number" text, "client_id" uuid NOT NULL, "matter_id" uuid, "currency" text NOT NULL,
        "period_start" date, "period_end" date NOT NULL, "discount_kind" text, "discount_value" bigint,
        "discount_reason" text, "fees_minor" bigint NOT NULL, "disbursements_minor" bigint NOT NULL,
        "discount_minor" bigint NOT NULL, "total_minor" bigint NOT NULL, "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_by" text, "issued_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_invoices" PRIMARY KEY ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "invoices_firm_number" ON "invoices" ("firm_id", "number")`,
      `CREATE INDEX "invoices_firm_created" ON "invoices" ("firm_id", "created_at", "id")`,
      ...tenantTableSql('invoices'),
      grantSql('invoices', appRole, 'SELECT, INSERT, UPDATE, DELETE'),

      `CREATE TABLE "invoice_lines" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "invoice_id" uuid NOT NULL,
        "position" integer NOT NULL, "kind" text NOT NULL, "matter_id" uuid NOT NULL, "time_entry_id" uuid,
        "expense_id" uuid, "work_date" date, "timekeeper_id" text, "timekeeper_name" text, "classification" text,
        "ledes_classification" text, "task_code" text, "activity_code" text, "expense_code" text,
        "narrative" text NOT NULL, "minutes" integer, "billed_tenths" integer, "rate_minor" bigint,
        "rate_rule_id" uuid, "rate_source" text, "standard_minor" bigint NOT NULL, "adjustment_kind" text,
        "adjustment_value" bigint, "adjustment_reason" text, "amount_minor" bigint NOT NULL,
        "outsourced" boolean NOT NULL, "vendor_id" uuid, "cost_minor" bigint, "markup_bp" integer,
        "covered_by_line_id" uuid, "details" jsonb,
        CONSTRAINT "PK_invoice_lines" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "invoice_lines_firm_id_invoice_id_fkey" FOREIGN KEY ("firm_id", "invoice_id")
          REFERENCES "invoices" ("firm_id", "id") ON DELETE CASCADE)`,
      `CREATE INDEX "invoice_lines_firm_invoice" ON "invoice_lines" ("firm_id", "invoice_id", "position")`,
      ...tenantTableSql('invoice_lines'),
      grantSql('invoice_lines', appRole, 'SELECT, INSERT, UPDATE, DELETE'),

      // Insert-only for the app role: a credit note, once issued, is never changed.
      `CREATE TABLE "credit_notes" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "number" text NOT NULL,
        "invoice_id" uuid NOT NULL, "client_id" uuid NOT NULL, "amount_minor" bigint NOT NULL,
        "currency" text NOT NULL, "extent" text NOT NULL, "reason" text NOT NULL, "issued_by" text NOT NULL,
        "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_credit_notes" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "credit_notes_firm_id_invoice_id_fkey" FOREIGN KEY ("firm_id", "invoice_id")
          REFERENCES "invoices" ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "credit_notes_firm_number" ON "credit_notes" ("firm_id", "number")`,
      `CREATE INDEX "credit_notes_firm_invoice" ON "credit_notes" ("firm_id", "invoice_id")`,
      ...tenantTableSql('credit_notes'),
      grantSql('credit_notes', appRole, 'SELECT, INSERT'),

      `CREATE TABLE "number_series" ("firm_id" uuid NOT NULL, "series" text NOT NULL, "prefix" text NOT NULL,
        "padding" integer NOT NULL, "next_value" bigint NOT NULL,
        CONSTRAINT "PK_number_series" PRIMARY KEY ("firm_id", "series"))`,
      ...tenantTableSql('number_series'),
      grantSql('number_series', appRole, 'SELECT, INSERT, UPDATE'),

      // Immutability in the database, whoever connects: an issued invoice and its lines never change.
      `CREATE FUNCTION invoices_issued_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'invoice % is issued and cannot be changed', OLD.number USING ERRCODE = 'P0001';
        END $$`,
      `CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE OR DELETE ON "invoices"
        FOR EACH ROW WHEN (OLD.status = 'issued') EXECUTE FUNCTION invoices_issued_immutable()`,
      `CREATE FUNCTION invoice_lines_issued_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE target_firm uuid; target_invoice uuid;
        BEGIN
          IF TG_OP = 'INSERT' THEN target_firm := NEW.firm_id; target_invoice := NEW.invoice_id;
          ELSE target_firm := OLD.firm_id; target_invoice := OLD.invoice_id; END IF;
          IF EXISTS (SELECT 1 FROM invoices WHERE firm_id = target_firm AND id = target_invoice AND status = 'issued')
             OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM invoices
                  WHERE firm_id = NEW.firm_id AND id = NEW.invoice_id AND status = 'issued')) THEN
            RAISE EXCEPTION 'the lines of issued invoice % cannot be changed', target_invoice USING ERRCODE = 'P0001';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER invoice_lines_issued_immutable BEFORE INSERT OR UPDATE OR DELETE ON "invoice_lines"
        FOR EACH ROW EXECUTE FUNCTION invoice_lines_issued_immutable()`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('BillingCore1765700000000 is not reversible; restore from backup instead.');
  }
}
