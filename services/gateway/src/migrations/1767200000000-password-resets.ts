import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** Confirming a reset finds it by its token's hash before the firm is known: this scope only reads. */
export const PASSWORD_RESET_SCOPE = 'password-reset';

/**
 * Password resets (issue 15): a one-time link mailed to a user, its random token stored only as its
 * SHA-256, valid one hour, used once, superseded by a newer one, and bound to the user's revocation
 * epoch when it was asked for (a password change, deactivation or role change in between voids it).
 */
export class PasswordResets1767200000000 implements MigrationInterface {
  name = 'PasswordResets1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const role = appRoleFromEnv();
    const statements = [
      `CREATE TABLE password_resets (
         firm_id uuid NOT NULL, id uuid NOT NULL, user_id uuid NOT NULL,
         token_hash text NOT NULL, user_epoch integer NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL,
         used_at timestamptz, superseded_at timestamptz,
         CONSTRAINT "PK_password_resets" PRIMARY KEY (firm_id, id),
         CONSTRAINT password_resets_token_hash_key UNIQUE (token_hash))`,
      `CREATE INDEX password_resets_user ON password_resets (firm_id, user_id)`,
      ...tenantTableSql('password_resets', { readScopes: [PASSWORD_RESET_SCOPE] }),
      grantSql('password_resets', role, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
