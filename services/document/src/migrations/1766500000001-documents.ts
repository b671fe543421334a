import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, quoteIdent, tenantTableSql } from '@lawfirm/database';

/**
 * Documents (issue 14): each firm's key (wrapped by the master key), folders per matter, documents
 * and their versions (every version kept: size, sniffed media type, SHA-256, uploader, its wrapped
 * data key, IV and GCM tag), and the chain-of-custody log. Versions are insert-only except for the
 * two key columns a firm-key rotation re-wraps; the custody log is insert-only.
 */
export class Documents1766500000001 implements MigrationInterface {
  name = 'Documents1766500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "document_firm_keys" ("firm_id" uuid NOT NULL, "version" integer NOT NULL,
        "wrapped_key" bytea, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "retired_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_document_firm_keys" PRIMARY KEY ("firm_id", "version"))`,
      ...tenantTableSql('document_firm_keys'),
      grantSql('document_firm_keys', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "document_folders" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "parent_id" uuid, "name" text NOT NULL, "path" text NOT NULL, "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_document_folders" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "document_folders_firm_id_parent_id_fkey" FOREIGN KEY ("firm_id", "parent_id")
          REFERENCES "document_folders" ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "document_folders_firm_matter_path" ON "document_folders" ("firm_id", "matter_id", "path")`,
      ...tenantTableSql('document_folders'),
      grantSql('document_folders', appRole, 'SELECT, INSERT'),

      `CREATE TABLE "documents" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "matter_id" uuid NOT NULL,
        "folder_id" uuid, "title" text NOT NULL, "current_version" integer NOT NULL,
        "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_documents" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "documents_firm_id_folder_id_fkey" FOREIGN KEY ("firm_id", "folder_id")
          REFERENCES "document_folders" ("firm_id", "id"))`,
      `CREATE INDEX "documents_firm_matter" ON "documents" ("firm_id", "matter_id", "created_at", "id")`,
      ...tenantTableSql('documents'),
      grantSql('documents', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "document_versions" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "document_id" uuid NOT NULL,
        "version" integer NOT NULL, "file_name" text NOT NULL, "size_bytes" bigint NOT NULL,
        "media_type" text NOT NULL, "sha256" text NOT NULL, "uploaded_by" text NOT NULL,
        "uploader_type" text NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "storage_key" text NOT NULL, "content_iv" bytea NOT NULL, "auth_tag" bytea NOT NULL,
        "wrapped_data_key" bytea NOT NULL, "firm_key_version" integer NOT NULL,
        CONSTRAINT "PK_document_versions" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "document_versions_firm_id_document_id_fkey" FOREIGN KEY ("firm_id", "document_id")
          REFERENCES "documents" ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "document_versions_firm_document_version" ON "document_versions" ("firm_id", "document_id", "version")`,
      ...tenantTableSql('document_versions'),
      grantSql('document_versions', appRole, 'SELECT, INSERT'),
      // A rotation re-wraps data keys; nothing else about a version ever changes.
      `GRANT UPDATE ("wrapped_data_key", "firm_key_version") ON "document_versions" TO ${quoteIdent(appRole)}`,

      `CREATE TABLE "document_custody_events" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL,
        "document_id" uuid NOT NULL, "version_id" uuid, "action" text NOT NULL, "actor_type" text NOT NULL,
        "actor_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "request_id" text,
        "client_address" text, "details" jsonb NOT NULL,
        CONSTRAINT "PK_document_custody_events" PRIMARY KEY ("firm_id", "id"))`,
      `CREATE INDEX "document_custody_events_firm_document" ON "document_custody_events" ("firm_id", "document_id", "occurred_at", "id")`,
      ...tenantTableSql('document_custody_events'),
      grantSql('document_custody_events', appRole, 'SELECT, INSERT'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Documents1766500000001 is not reversible; restore from backup instead.');
  }
}
