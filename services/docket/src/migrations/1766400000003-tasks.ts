import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** Tasks on matters (issue 13): assignee, priority, status, and a due date of their own or a deadline's. */
export class Tasks1766400000003 implements MigrationInterface {
  name = 'Tasks1766400000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "tasks" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "title" text NOT NULL, "description" text, "assignee_id" text, "due_date" date, "deadline_id" uuid,
        "days_before" integer NOT NULL DEFAULT 0, "priority" text NOT NULL, "status" text NOT NULL,
        "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_tasks" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "tasks_priority_check" CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        CONSTRAINT "tasks_status_check" CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
        CONSTRAINT "tasks_due_check" CHECK (due_date IS NULL OR deadline_id IS NULL))`,
      `CREATE INDEX "tasks_matter" ON "tasks" ("firm_id", "matter_id", "id")`,
      `CREATE INDEX "tasks_assignee" ON "tasks" ("firm_id", "assignee_id", "id")`,
      ...tenantTableSql('tasks'),
      grantSql('tasks', appRole, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
