import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxParkingSql } from '@lawfirm/messaging';

/** The outbox's parking columns (shared schema, libs/messaging/src/schema.ts). */
export class OutboxParking1765500000000 implements MigrationInterface {
  name = 'OutboxParking1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of outboxParkingSql()) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
