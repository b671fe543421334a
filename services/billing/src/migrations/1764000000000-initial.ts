import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';
import { matterProjectionSql } from '@lawfirm/matter-projection';
import { messagingTablesSql } from '@lawfirm/messaging';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "wip_entries" ("firm_id" uuid NOT NULL, "time_entry_id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "timekeeper_id" text NOT NULL, "work_date" date NOT NULL, "minutes" integer NOT NULL, "billed_tenths" integer NOT NULL,
        "narrative" text NOT NULL, "billable" boolean NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "source_event_id" uuid NOT NULL,
        CONSTRAINT "PK_wip_entries" PRIMARY KEY ("firm_id", "time_entry_id"))`,
      `CREATE INDEX "wip_entries_firm_matter" ON "wip_entries" ("firm_id", "matter_id", "work_date", "time_entry_id")`,
      ...tenantTableSql('wip_entries'),
      grantSql('wip_entries', appRole, 'SELECT, INSERT, UPDATE'),
      ...matterProjectionSql(appRole),
      ...messagingTablesSql(appRole),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Initial migration is not reversible; restore from backup instead.');
  }
}
