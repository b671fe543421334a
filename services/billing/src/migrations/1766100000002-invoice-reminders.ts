import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Payment reminders (issue 11): each firm's reminder schedule (days relative to the due date) and one row
 * per invoice and step sent, whose primary key makes each step go out exactly once however many sweeps
 * run. The background sweep reads the schedules of every firm in its own read-only scope.
 */
export class InvoiceReminders1766100000002 implements MigrationInterface {
  name = 'InvoiceReminders1766100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "reminder_schedules" ("firm_id" uuid NOT NULL, "offsets_days" integer array NOT NULL,
        "payment_instructions" text, "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_reminder_schedules" PRIMARY KEY ("firm_id"))`,
      ...tenantTableSql('reminder_schedules', { readScopes: ['billing.reminder-sweep'] }),
      grantSql('reminder_schedules', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "invoice_reminders" ("firm_id" uuid NOT NULL, "invoice_id" uuid NOT NULL,
        "offset_days" integer NOT NULL, "reminder_date" date NOT NULL, "swept_as_of" date NOT NULL,
        "open_minor" bigint NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_invoice_reminders" PRIMARY KEY ("firm_id", "invoice_id", "offset_days"))`,
      ...tenantTableSql('invoice_reminders'),
      grantSql('invoice_reminders', appRole, 'SELECT, INSERT'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('InvoiceReminders1766100000002 is not reversible; restore from backup instead.');
  }
}
