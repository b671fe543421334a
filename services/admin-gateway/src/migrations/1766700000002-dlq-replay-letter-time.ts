import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A replayed letter is known by its Kafka timestamp too: a dead-letter topic deleted and created
 * again starts its offsets at 0, and a letter there must not pass for one replayed before. Rows from
 * before get their replay time, which no letter of theirs carries, so they match no letter.
 */
export class DlqReplayLetterTime1766700000002 implements MigrationInterface {
  name = 'DlqReplayLetterTime1766700000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE "dlq_replays" ADD COLUMN "letter_timestamp" TIMESTAMP WITH TIME ZONE`,
      `UPDATE "dlq_replays" SET "letter_timestamp" = "replayed_at"`,
      `ALTER TABLE "dlq_replays" ALTER COLUMN "letter_timestamp" SET NOT NULL`,
      `ALTER TABLE "dlq_replays" DROP CONSTRAINT "dlq_replays_letter_key"`,
      `ALTER TABLE "dlq_replays" ADD CONSTRAINT "dlq_replays_letter_key"
        UNIQUE ("dlq_topic", "dlq_partition", "dlq_offset", "letter_timestamp")`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
