import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql } from '@lawfirm/database';

/**
 * Firm onboarding by operations (issue 15): a firm keeps its time zone, its currency and its default
 * payment terms (what billing calls `paymentTermsDays`), and the app role may now create firms and
 * suspend or reactivate them (only the epoch and the suspension may change; name and slug stay).
 */
export class FirmOnboarding1767100000000 implements MigrationInterface {
  name = 'FirmOnboarding1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const role = appRoleFromEnv();
    const statements = [
      `ALTER TABLE firms ADD time_zone text NOT NULL DEFAULT 'UTC'`,
      `ALTER TABLE firms ADD currency text NOT NULL DEFAULT 'USD'`,
      `ALTER TABLE firms ADD payment_terms_days integer NOT NULL DEFAULT 30`,
      `ALTER TABLE firms ADD CONSTRAINT firms_currency_check CHECK (currency ~ '^[A-Z]{3}$')`,
      `ALTER TABLE firms ADD CONSTRAINT firms_payment_terms_check CHECK (payment_terms_days BETWEEN 0 AND 365)`,
      grantSql('firms', role, 'INSERT'),
      grantSql('firms', role, 'UPDATE (token_epoch, suspended_at)'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
