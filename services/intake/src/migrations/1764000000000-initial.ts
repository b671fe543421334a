import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';
import { messagingTablesSql } from '@lawfirm/messaging';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "clients" ("id" uuid NOT NULL, "firm_id" uuid NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "email" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "clients_firm_id_id_key" UNIQUE ("firm_id", "id"), CONSTRAINT "PK_f1ab7cf3a5714dbc6bb4e1c28a4" PRIMARY KEY ("id"),
        CONSTRAINT "clients_kind_check" CHECK (kind IN ('person', 'company')))`,
      `CREATE INDEX "clients_firm_created" ON "clients" ("firm_id", "created_at", "id")`,
      `CREATE TABLE "matter_number_counters" ("firm_id" uuid NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL,
        CONSTRAINT "PK_fd5b17ca4207ece7628266cda2d" PRIMARY KEY ("firm_id", "year"))`,
      `CREATE TABLE "matters" ("id" uuid NOT NULL, "firm_id" uuid NOT NULL, "client_id" uuid NOT NULL, "number" text NOT NULL,
        "title" text NOT NULL, "practice_area" text, "status" text NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "matters_firm_id_number_key" UNIQUE ("firm_id", "number"), CONSTRAINT "matters_firm_id_id_key" UNIQUE ("firm_id", "id"),
        CONSTRAINT "PK_b6e879e12614eaedc4a6fdcb2b3" PRIMARY KEY ("id"),
        CONSTRAINT "matters_status_check" CHECK (status IN ('pending', 'open', 'closed')))`,
      `CREATE INDEX "matters_firm_created" ON "matters" ("firm_id", "created_at", "id")`,
      `ALTER TABLE "matters" ADD CONSTRAINT "matters_client_fk" FOREIGN KEY ("firm_id", "client_id") REFERENCES "clients"("firm_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      ...['clients', 'matters', 'matter_number_counters'].flatMap((table) => [
        ...tenantTableSql(table),
        grantSql(table, appRole, 'SELECT, INSERT, UPDATE'),
      ]),
      ...messagingTablesSql(appRole),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Initial migration is not reversible; restore from backup instead.');
  }
}
