import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';
import { CA_CIVIL_V1 } from '../rules/data/ca-civil.v1';
import { CA_COURT_HOLIDAYS_V1 } from '../rules/data/ca-courts.v1';
import { FRCP_V1 } from '../rules/data/frcp.v1';
import { US_FEDERAL_HOLIDAYS_V1 } from '../rules/data/us-federal.v1';
import { checkRuleSet } from '../rules/deadline.rules';

/**
 * The deadline engine (issue 13): rule sets and holiday calendars as versioned reference data
 * (read-only for the app role; a new version arrives by a new migration and a new data file,
 * never by editing a released one), the firm's declared court closures, triggers and the
 * deadlines computed from them.
 */
export class DeadlineEngine1764810000000 implements MigrationInterface {
  name = 'DeadlineEngine1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "holiday_calendars" ("id" text NOT NULL, "version" integer NOT NULL, "name" text NOT NULL,
        "jurisdiction" text NOT NULL, "effective_from" date NOT NULL, "effective_to" date, "definition" jsonb NOT NULL,
        CONSTRAINT "PK_holiday_calendars" PRIMARY KEY ("id", "version"))`,
      grantSql('holiday_calendars', appRole, 'SELECT'),

      `CREATE TABLE "rule_sets" ("id" text NOT NULL, "version" integer NOT NULL, "name" text NOT NULL,
        "jurisdiction" text NOT NULL, "effective_from" date NOT NULL, "effective_to" date, "definition" jsonb NOT NULL,
        CONSTRAINT "PK_rule_sets" PRIMARY KEY ("id", "version"))`,
      grantSql('rule_sets', appRole, 'SELECT'),

      `CREATE TABLE "court_closures" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "calendar_id" text NOT NULL,
        "closed_on" date NOT NULL, "reason" text NOT NULL, "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_court_closures" PRIMARY KEY ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "court_closures_firm_day" ON "court_closures" ("firm_id", "calendar_id", "closed_on")`,
      ...tenantTableSql('court_closures'),
      grantSql('court_closures', appRole, 'SELECT, INSERT'),

      `CREATE TABLE "triggers" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "rule_set_id" text NOT NULL, "rule_set_version" integer NOT NULL, "trigger_event" text NOT NULL,
        "trigger_date" date NOT NULL, "service_method" text, "party" text NOT NULL, "description" text,
        "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_triggers" PRIMARY KEY ("firm_id", "id"))`,
      // One event per party per matter and rule set: a second "complaint served on D" is a change of the first.
      `CREATE UNIQUE INDEX "triggers_firm_event" ON "triggers" ("firm_id", "matter_id", "rule_set_id", "trigger_event", "party")`,
      ...tenantTableSql('triggers'),
      grantSql('triggers', appRole, 'SELECT, INSERT, UPDATE, DELETE'),

      `CREATE TABLE "deadlines" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "trigger_id" uuid NOT NULL, "rule_code" text NOT NULL, "parent_rule_code" text, "name" text NOT NULL,
        "citation" text NOT NULL, "computed_date" date NOT NULL, "due_date" date NOT NULL, "due_time" text,
        "explanation" jsonb NOT NULL, "status" text NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE,
        "completed_by" text, "overridden_at" TIMESTAMP WITH TIME ZONE, "overridden_by" text, "override_reason" text,
        "needs_review" boolean NOT NULL DEFAULT false, "review_note" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_deadlines" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "deadlines_status_check" CHECK (status IN ('open', 'done')),
        CONSTRAINT "deadlines_firm_id_trigger_id_fkey" FOREIGN KEY ("firm_id", "trigger_id")
          REFERENCES "triggers" ("firm_id", "id") ON DELETE CASCADE)`,
      `CREATE UNIQUE INDEX "deadlines_trigger_rule" ON "deadlines" ("firm_id", "trigger_id", "rule_code")`,
      `CREATE INDEX "deadlines_firm_due" ON "deadlines" ("firm_id", "due_date", "id")`,
      `CREATE INDEX "deadlines_matter_due" ON "deadlines" ("firm_id", "matter_id", "due_date", "id")`,
      ...tenantTableSql('deadlines'),
      grantSql('deadlines', appRole, 'SELECT, INSERT, UPDATE, DELETE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);

    for (const calendar of [US_FEDERAL_HOLIDAYS_V1, CA_COURT_HOLIDAYS_V1]) {
      await queryRunner.query(
        `INSERT INTO holiday_calendars (id, version, name, jurisdiction, effective_from, effective_to, definition)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          calendar.id,
          calendar.version,
          calendar.name,
          calendar.jurisdiction,
          calendar.effectiveFrom,
          calendar.effectiveTo ?? null,
          JSON.stringify(calendar),
        ],
      );
    }
    for (const ruleSet of [FRCP_V1, CA_CIVIL_V1]) {
      const problems = checkRuleSet(ruleSet);
      if (problems.length)
        throw new Error(`Rule set ${ruleSet.id} v${ruleSet.version}: ${problems.join('; ')}`);
      await queryRunner.query(
        `INSERT INTO rule_sets (id, version, name, jurisdiction, effective_from, effective_to, definition)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          ruleSet.id,
          ruleSet.version,
          ruleSet.name,
          ruleSet.jurisdiction,
          ruleSet.effectiveFrom,
          ruleSet.effectiveTo ?? null,
          JSON.stringify(ruleSet),
        ],
      );
    }
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
