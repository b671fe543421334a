import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';
import { matterProjectionSql } from '@lawfirm/matter-projection';
import { messagingTablesSql } from '@lawfirm/messaging';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "time_entries" ("id" uuid NOT NULL, "firm_id" uuid NOT NULL, "matter_id" uuid NOT NULL, "timekeeper_id" text NOT NULL,
        "work_date" date NOT NULL, "minutes" integer NOT NULL, "billed_tenths" integer NOT NULL, "narrative" text NOT NULL,
        "billable" boolean NOT NULL, "status" text NOT NULL, "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_at" TIMESTAMP WITH TIME ZONE,
        "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by" text,
        CONSTRAINT "time_entries_firm_id_id_key" UNIQUE ("firm_id", "id"),
        CONSTRAINT "time_entries_status_check" CHECK (status IN ('draft', 'submitted', 'approved')),
        CONSTRAINT "time_entries_minutes_check" CHECK (minutes BETWEEN 1 AND 1440),
        CONSTRAINT "PK_time_entries" PRIMARY KEY ("id"))`,
      `CREATE INDEX "time_entries_firm_matter" ON "time_entries" ("firm_id", "matter_id", "created_at", "id")`,
      ...tenantTableSql('time_entries'),
      grantSql('time_entries', appRole, 'SELECT, INSERT, UPDATE'),
      ...matterProjectionSql(appRole),
      ...messagingTablesSql(appRole),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Initial migration is not reversible; restore from backup instead.');
  }
}
