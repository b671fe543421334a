import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';
import { messagingTablesSql } from '@lawfirm/messaging';

/** The token endpoint looks a login up by e-mail or client id before it knows the firm: the `authn` scope. */
export const AUTHN_SCOPE = 'authn';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "firms" ("id" uuid NOT NULL, "slug" text NOT NULL, "name" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "firms_slug_key" UNIQUE ("slug"), CONSTRAINT "PK_firms" PRIMARY KEY ("id"))`,
      `CREATE TABLE "users" ("id" uuid NOT NULL, "firm_id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL,
        "password_hash" text NOT NULL, "roles" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "disabled_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "PK_users" PRIMARY KEY ("id"))`,
      `ALTER TABLE "users" ADD CONSTRAINT "users_firm_fk" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      `CREATE TABLE "api_clients" ("id" uuid NOT NULL, "firm_id" uuid NOT NULL, "client_id" text NOT NULL, "name" text NOT NULL,
        "secret_hash" text NOT NULL, "roles" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "api_clients_client_id_key" UNIQUE ("client_id"), CONSTRAINT "PK_api_clients" PRIMARY KEY ("id"))`,
      `ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_firm_fk" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      grantSql('firms', appRole, 'SELECT'),
      ...tenantTableSql('users', { readScopes: [AUTHN_SCOPE] }),
      grantSql('users', appRole, 'SELECT, INSERT, UPDATE'),
      ...tenantTableSql('api_clients', { readScopes: [AUTHN_SCOPE] }),
      grantSql('api_clients', appRole, 'SELECT, INSERT, UPDATE'),
      ...messagingTablesSql(appRole),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Initial migration is not reversible; restore from backup instead.');
  }
}
