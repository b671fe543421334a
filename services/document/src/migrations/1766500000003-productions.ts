import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Bates numbering and productions (issue 14): a counter per matter (prefix, zero padding, the next
 * number), and productions stamping a set of document versions atomically. The unique index on a
 * matter's Bates numbers makes a duplicate impossible whatever the application does; productions
 * and their documents are insert-only.
 */
export class Productions1766500000003 implements MigrationInterface {
  name = 'Productions1766500000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "bates_counters" ("firm_id" uuid NOT NULL, "matter_id" uuid NOT NULL, "prefix" text NOT NULL,
        "padding" integer NOT NULL, "next_number" bigint NOT NULL,
        CONSTRAINT "PK_bates_counters" PRIMARY KEY ("firm_id", "matter_id"),
        CONSTRAINT "bates_counters_next_positive" CHECK ("next_number" > 0))`,
      ...tenantTableSql('bates_counters'),
      grantSql('bates_counters', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "productions" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "name" text NOT NULL, "prefix" text NOT NULL, "padding" integer NOT NULL, "first_number" bigint NOT NULL,
        "last_number" bigint NOT NULL, "produced_by" text NOT NULL,
        "produced_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_productions" PRIMARY KEY ("firm_id", "id"))`,
      `CREATE INDEX "productions_firm_matter" ON "productions" ("firm_id", "matter_id", "first_number")`,
      ...tenantTableSql('productions'),
      grantSql('productions', appRole, 'SELECT, INSERT'),

      `CREATE TABLE "production_documents" ("firm_id" uuid NOT NULL, "production_id" uuid NOT NULL,
        "position" integer NOT NULL, "matter_id" uuid NOT NULL, "document_id" uuid NOT NULL,
        "version_id" uuid NOT NULL, "bates_start" bigint NOT NULL, "bates_end" bigint NOT NULL,
        CONSTRAINT "PK_production_documents" PRIMARY KEY ("firm_id", "production_id", "position"),
        CONSTRAINT "production_documents_firm_id_production_id_fkey" FOREIGN KEY ("firm_id", "production_id")
          REFERENCES "productions" ("firm_id", "id"),
        CONSTRAINT "production_documents_firm_id_version_id_fkey" FOREIGN KEY ("firm_id", "version_id")
          REFERENCES "document_versions" ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "production_documents_firm_matter_bates" ON "production_documents" ("firm_id", "matter_id", "bates_start")`,
      `CREATE INDEX "production_documents_firm_document" ON "production_documents" ("firm_id", "document_id")`,
      ...tenantTableSql('production_documents'),
      grantSql('production_documents', appRole, 'SELECT, INSERT'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Productions1766500000003 is not reversible; restore from backup instead.');
  }
}
