import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Full-text search (issue 14): the text extracted from each version at upload (or why there is
 * none), with its tsvector under a GIN index, and each document's custodian (whose files it came
 * from) for search filters. A destroyed document's text is deleted with it.
 */
export class DocumentSearch1767700000001 implements MigrationInterface {
  name = 'DocumentSearch1767700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `ALTER TABLE "documents" ADD "custodian" text`,
      `CREATE INDEX "documents_firm_custodian" ON "documents" ("firm_id", "custodian")`,

      `CREATE TABLE "document_texts" ("firm_id" uuid NOT NULL, "version_id" uuid NOT NULL,
        "document_id" uuid NOT NULL, "status" text NOT NULL, "skip_reason" text, "detail" text,
        "content" text NOT NULL, "truncated" boolean NOT NULL, "search_vector" tsvector NOT NULL,
        "extracted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_document_texts" PRIMARY KEY ("firm_id", "version_id"),
        CONSTRAINT "document_texts_status_check" CHECK (status IN ('extracted', 'skipped')),
        CONSTRAINT "document_texts_firm_id_version_id_fkey" FOREIGN KEY ("firm_id", "version_id")
          REFERENCES "document_versions" ("firm_id", "id"))`,
      `CREATE INDEX "document_texts_firm_document" ON "document_texts" ("firm_id", "document_id")`,
      `CREATE INDEX "document_texts_search" ON "document_texts" USING gin ("search_vector")`,
      ...tenantTableSql('document_texts'),
      // DELETE: a destruction removes the text with the blobs.
      grantSql('document_texts', appRole, 'SELECT, INSERT, DELETE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('DocumentSearch1767700000001 is not reversible; restore from backup instead.');
  }
}
