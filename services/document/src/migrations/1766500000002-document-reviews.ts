import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Review coding (issue 14): one row per reviewed document with its relevance, responsiveness,
 * privilege call (types, withheld or redacted, and what the privilege log says), confidentiality
 * designation, issue codes, reviewer and date. Each change is on the custody log and audited.
 */
export class DocumentReviews1766500000002 implements MigrationInterface {
  name = 'DocumentReviews1766500000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "document_reviews" ("firm_id" uuid NOT NULL, "document_id" uuid NOT NULL,
        "matter_id" uuid NOT NULL, "relevance" text, "responsive" boolean,
        "privilege_types" text array NOT NULL, "privilege_treatment" text, "privilege_description" text,
        "author" text, "recipients" text array NOT NULL, "document_date" date, "confidentiality" text,
        "issue_codes" text array NOT NULL, "reviewed_by" text NOT NULL,
        "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_document_reviews" PRIMARY KEY ("firm_id", "document_id"),
        CONSTRAINT "document_reviews_firm_id_document_id_fkey" FOREIGN KEY ("firm_id", "document_id")
          REFERENCES "documents" ("firm_id", "id"))`,
      `CREATE INDEX "document_reviews_firm_matter" ON "document_reviews" ("firm_id", "matter_id")`,
      ...tenantTableSql('document_reviews'),
      grantSql('document_reviews', appRole, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('DocumentReviews1766500000002 is not reversible; restore from backup instead.');
  }
}
