import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Legal holds on a matter and the destruction register (issue 14): while a matter has an unreleased
 * hold none of its documents can be destroyed; a destroyed document keeps its row and versions'
 * metadata (`destroyed_at` set, blobs removed) and a register entry saying what, when, by whom and
 * why. The register is insert-only.
 */
export class HoldsAndDestruction1766500000004 implements MigrationInterface {
  name = 'HoldsAndDestruction1766500000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "legal_holds" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "reason" text NOT NULL, "placed_by" text NOT NULL, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "released_by" text, "released_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_legal_holds" PRIMARY KEY ("firm_id", "id"))`,
      `CREATE INDEX "legal_holds_firm_matter" ON "legal_holds" ("firm_id", "matter_id")`,
      ...tenantTableSql('legal_holds'),
      grantSql('legal_holds', appRole, 'SELECT, INSERT, UPDATE'),

      `ALTER TABLE "documents" ADD "destroyed_at" TIMESTAMP WITH TIME ZONE`,

      `CREATE TABLE "document_destructions" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL,
        "document_id" uuid NOT NULL, "matter_id" uuid NOT NULL, "title" text NOT NULL, "versions" integer NOT NULL,
        "reason" text NOT NULL, "destroyed_by" text NOT NULL, "destroyed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_document_destructions" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "document_destructions_firm_id_document_id_fkey" FOREIGN KEY ("firm_id", "document_id")
          REFERENCES "documents" ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "document_destructions_firm_document" ON "document_destructions" ("firm_id", "document_id")`,
      ...tenantTableSql('document_destructions'),
      grantSql('document_destructions', appRole, 'SELECT, INSERT'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('HoldsAndDestruction1766500000004 is not reversible; restore from backup instead.');
  }
}
