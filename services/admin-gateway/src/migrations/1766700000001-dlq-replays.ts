import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql } from '@lawfirm/database';

/** Dead letters replayed from the operations API, one row per letter (the unique key refuses a second). */
export class DlqReplays1766700000001 implements MigrationInterface {
  name = 'DlqReplays1766700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "dlq_replays" ("id" uuid NOT NULL, "dlq_topic" text NOT NULL, "dlq_partition" integer NOT NULL,
        "dlq_offset" bigint NOT NULL, "replayed_by" text NOT NULL, "reason" text NOT NULL,
        "replayed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "dlq_replays_letter_key" UNIQUE ("dlq_topic", "dlq_partition", "dlq_offset"),
        CONSTRAINT "PK_dlq_replays" PRIMARY KEY ("id"))`,
      // Insert-only for the app role: a replay, once recorded, is history.
      grantSql('dlq_replays', appRoleFromEnv(), 'SELECT, INSERT'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
