import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** Accepting an invitation finds it by its token's hash before the firm is known: this scope only reads. */
export const INVITATION_ACCEPT_SCOPE = 'invitation-accept';

/**
 * Invitations (issue 15): a firm admin invites a person by e-mail with roles; the link carries a
 * random token stored only as its SHA-256, valid 72 hours, used once.
 */
export class Invitations1766600000101 implements MigrationInterface {
  name = 'Invitations1766600000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    const role = appRoleFromEnv();
    const statements = [
      `CREATE TABLE invitations (
         firm_id uuid NOT NULL, id uuid NOT NULL, email text NOT NULL, roles text[] NOT NULL,
         token_hash text NOT NULL, invited_by text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL,
         accepted_at timestamptz, accepted_user_id uuid, revoked_at timestamptz,
         CONSTRAINT "PK_invitations" PRIMARY KEY (firm_id, id),
         CONSTRAINT invitations_token_hash_key UNIQUE (token_hash))`,
      `CREATE INDEX invitations_firm_created ON invitations (firm_id, created_at)`,
      ...tenantTableSql('invitations', { readScopes: [INVITATION_ACCEPT_SCOPE] }),
      grantSql('invitations', role, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
