import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Timekeepers, timers, the full time-entry workflow (rejection, reversal, billed), UTBMS codes,
 * client billing guidelines (versioned), expenses and idempotent bulk import.
 */
export class TimekeepingDomain1764200000000 implements MigrationInterface {
  name = 'TimekeepingDomain1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const tenant = (table: string, privileges = 'SELECT, INSERT, UPDATE'): string[] => [
      ...tenantTableSql(table),
      grantSql(table, appRole, privileges),
    ];
    const statements = [
      `CREATE TABLE timekeepers (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, user_id text, vendor_id uuid, name text NOT NULL,
         classification text NOT NULL, active boolean NOT NULL DEFAULT true,
         created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (firm_id, id), UNIQUE (firm_id, user_id))`,
      ...tenant('timekeepers'),

      `ALTER TABLE time_entries DROP CONSTRAINT time_entries_status_check`,
      `ALTER TABLE time_entries DROP CONSTRAINT time_entries_minutes_check`,
      `ALTER TABLE time_entries
         ADD COLUMN classification text, ADD COLUMN outsourced boolean NOT NULL DEFAULT false,
         ADD COLUMN task_code text, ADD COLUMN activity_code text,
         ADD COLUMN guideline_version integer, ADD COLUMN violations jsonb NOT NULL DEFAULT '[]',
         ADD COLUMN rejected_at TIMESTAMP WITH TIME ZONE, ADD COLUMN rejected_by text, ADD COLUMN rejection_reason text,
         ADD COLUMN billed_at TIMESTAMP WITH TIME ZONE, ADD COLUMN invoice_id uuid,
         ADD COLUMN reverses_entry_id uuid, ADD COLUMN reversed_by_entry_id uuid, ADD COLUMN voided_at TIMESTAMP WITH TIME ZONE,
         ADD COLUMN external_id text, ADD COLUMN source text NOT NULL DEFAULT 'api',
         ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
      `ALTER TABLE time_entries ADD CONSTRAINT time_entries_status_check
         CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'billed', 'voided'))`,
      // A reversal carries the negative of the entry it reverses; nothing else is negative.
      `ALTER TABLE time_entries ADD CONSTRAINT time_entries_minutes_check
         CHECK (minutes BETWEEN -1440 AND 1440 AND minutes <> 0 AND (minutes > 0 OR reverses_entry_id IS NOT NULL))`,
      `CREATE UNIQUE INDEX time_entries_external_id ON time_entries (firm_id, external_id) WHERE external_id IS NOT NULL`,
      `CREATE INDEX time_entries_keeper_day ON time_entries (firm_id, timekeeper_id, work_date)`,
      `GRANT DELETE ON time_entries TO "${appRole}"`,

      `CREATE TABLE timers (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, timekeeper_id text NOT NULL, matter_id uuid NOT NULL,
         narrative text, task_code text, activity_code text, billable boolean NOT NULL DEFAULT true,
         state text NOT NULL CHECK (state IN ('running', 'paused', 'stopped')),
         started_at timestamptz NOT NULL, running_since timestamptz, accumulated_seconds integer NOT NULL DEFAULT 0,
         stopped_at timestamptz, time_entry_id uuid, created_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE UNIQUE INDEX timers_one_running ON timers (firm_id, timekeeper_id) WHERE state = 'running'`,
      ...tenant('timers'),

      `CREATE TABLE billing_guidelines (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, client_id uuid NOT NULL, version integer NOT NULL,
         mode text NOT NULL CHECK (mode IN ('warn', 'block')), rules jsonb NOT NULL,
         created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (firm_id, client_id, version))`,
      ...tenant('billing_guidelines', 'SELECT, INSERT'),

      `CREATE TABLE expenses (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, matter_id uuid NOT NULL, timekeeper_id text NOT NULL,
         expense_date date NOT NULL, expense_code text NOT NULL, description text NOT NULL,
         amount_minor bigint NOT NULL CHECK (amount_minor <> 0), currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
         receipt_document_ref text, billable boolean NOT NULL DEFAULT true,
         outsourced boolean NOT NULL DEFAULT false, vendor_id uuid,
         status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'billed', 'voided')),
         submitted_at timestamptz, approved_at timestamptz, approved_by text,
         rejected_at timestamptz, rejected_by text, rejection_reason text,
         billed_at timestamptz, invoice_id uuid, reverses_expense_id uuid, external_id text,
         created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (firm_id, id))`,
      `CREATE UNIQUE INDEX expenses_external_id ON expenses (firm_id, external_id) WHERE external_id IS NOT NULL`,
      `CREATE INDEX expenses_matter ON expenses (firm_id, matter_id, created_at)`,
      ...tenant('expenses'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
