import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** The cross-firm scope of the reminder sweep (REMINDER_SWEEP_SCOPE): it may only read reminders. */
const REMINDER_SWEEP_SCOPE = 'docket-reminder-sweep';

/**
 * Court events (hearings, depositions, trials, conferences, mediations) with their history, the
 * firm's reminder rules, and the reminders planned from them (issue 13). A reminder step is one
 * row, unique per item, lead time and the item's date, so it is sent at most once.
 */
export class CourtEventsReminders1766400000001 implements MigrationInterface {
  name = 'CourtEventsReminders1766400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "court_events" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "kind" text NOT NULL, "title" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" text NOT NULL, "location" text,
        "court_room" text, "remote_url" text, "judge" text, "attendees" jsonb NOT NULL, "notes" text,
        "status" text NOT NULL, "sequence" integer NOT NULL DEFAULT 0, "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_court_events" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "court_events_kind_check" CHECK (kind IN ('hearing', 'deposition', 'trial', 'conference', 'mediation')),
        CONSTRAINT "court_events_status_check" CHECK (status IN ('scheduled', 'continued', 'vacated')),
        CONSTRAINT "court_events_span_check" CHECK (ends_at > starts_at))`,
      `CREATE INDEX "court_events_firm_start" ON "court_events" ("firm_id", "starts_at", "id")`,
      `CREATE INDEX "court_events_matter_start" ON "court_events" ("firm_id", "matter_id", "starts_at", "id")`,
      ...tenantTableSql('court_events'),
      grantSql('court_events', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "court_event_changes" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL,
        "court_event_id" uuid NOT NULL, "change" text NOT NULL, "reason" text, "before" jsonb, "after" jsonb NOT NULL,
        "changed_by" text NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_court_event_changes" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "court_event_changes_change_check" CHECK (change IN ('scheduled', 'updated', 'rescheduled', 'continued', 'vacated')),
        CONSTRAINT "court_event_changes_firm_id_court_event_id_fkey" FOREIGN KEY ("firm_id", "court_event_id")
          REFERENCES "court_events" ("firm_id", "id"))`,
      `CREATE INDEX "court_event_changes_event" ON "court_event_changes" ("firm_id", "court_event_id", "changed_at")`,
      ...tenantTableSql('court_event_changes'),
      // History is insert-only for the app.
      grantSql('court_event_changes', appRole, 'SELECT, INSERT'),

      `CREATE TABLE "reminder_rules" ("firm_id" uuid NOT NULL, "item_kind" text NOT NULL,
        "lead_minutes" integer array NOT NULL, "time_zone" text NOT NULL, "updated_by" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_reminder_rules" PRIMARY KEY ("firm_id", "item_kind"),
        CONSTRAINT "reminder_rules_item_kind_check" CHECK (item_kind IN ('deadline', 'court-event')))`,
      ...tenantTableSql('reminder_rules'),
      grantSql('reminder_rules', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "reminders" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "item_kind" text NOT NULL,
        "item_id" uuid NOT NULL, "matter_id" uuid NOT NULL, "title" text NOT NULL, "lead_minutes" integer NOT NULL,
        "item_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_reminders" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "reminders_item_kind_check" CHECK (item_kind IN ('deadline', 'court-event')),
        CONSTRAINT "reminders_status_check" CHECK (status IN ('pending', 'sent', 'cancelled')))`,
      // One row per item, step and date of the item: the guard that makes a step fire at most once.
      `CREATE UNIQUE INDEX "reminders_step" ON "reminders" ("firm_id", "item_kind", "item_id", "lead_minutes", "item_at")`,
      `CREATE INDEX "reminders_status_due" ON "reminders" ("status", "due_at")`,
      `CREATE INDEX "reminders_item" ON "reminders" ("firm_id", "item_id")`,
      ...tenantTableSql('reminders', { readScopes: [REMINDER_SWEEP_SCOPE] }),
      grantSql('reminders', appRole, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
