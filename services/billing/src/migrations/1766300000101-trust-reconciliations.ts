import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Stored trust reconciliations (issue 12): imported bank statements (one per file and account, by content
 * hash) and their lines, matches of lines to ledger entries (automatic or by hand; an entry matched once),
 * and signed-off reconciliations — one per account and period end, which the database refuses to change.
 */
export class TrustReconciliations1766300000101 implements MigrationInterface {
  name = 'TrustReconciliations1766300000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "trust_statements" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "account_id" uuid NOT NULL,
        "period_start" date NOT NULL, "period_end" date NOT NULL, "closing_balance_minor" bigint NOT NULL,
        "content_hash" text NOT NULL, "date_window_days" integer NOT NULL, "imported_by" text NOT NULL,
        "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_trust_statements" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "trust_statements_firm_id_account_id_fkey" FOREIGN KEY ("firm_id", "account_id")
          REFERENCES "trust_accounts" ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "trust_statements_firm_account_hash" ON "trust_statements" ("firm_id", "account_id", "content_hash")`,
      ...tenantTableSql('trust_statements'),
      grantSql('trust_statements', appRole, 'SELECT, INSERT'),

      `CREATE TABLE "trust_statement_lines" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL,
        "statement_id" uuid NOT NULL, "row" integer NOT NULL, "line_date" date NOT NULL,
        "amount_minor" bigint NOT NULL, "description" text, "reference" text,
        CONSTRAINT "PK_trust_statement_lines" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "trust_statement_lines_firm_id_statement_id_fkey" FOREIGN KEY ("firm_id", "statement_id")
          REFERENCES "trust_statements" ("firm_id", "id"))`,
      `CREATE UNIQUE INDEX "trust_statement_lines_firm_statement_row" ON "trust_statement_lines" ("firm_id", "statement_id", "row")`,
      ...tenantTableSql('trust_statement_lines'),
      grantSql('trust_statement_lines', appRole, 'SELECT, INSERT'),

      `CREATE TABLE "trust_statement_matches" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL,
        "statement_id" uuid NOT NULL, "line_id" uuid NOT NULL, "entry_id" uuid NOT NULL, "source" text NOT NULL,
        "matched_by" text NOT NULL, "matched_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_trust_statement_matches" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "trust_statement_matches_firm_id_line_id_fkey" FOREIGN KEY ("firm_id", "line_id")
          REFERENCES "trust_statement_lines" ("firm_id", "id"),
        CONSTRAINT "trust_statement_matches_firm_id_entry_id_fkey" FOREIGN KEY ("firm_id", "entry_id")
          REFERENCES "trust_entries" ("firm_id", "id"))`,
      // An entry clears at most one bank line, whatever the application does.
      `CREATE UNIQUE INDEX "trust_statement_matches_firm_entry" ON "trust_statement_matches" ("firm_id", "entry_id")`,
      `CREATE INDEX "trust_statement_matches_firm_line" ON "trust_statement_matches" ("firm_id", "line_id")`,
      ...tenantTableSql('trust_statement_matches'),
      // Unmatching deletes a match (audited); matches are working state until a reconciliation is signed.
      grantSql('trust_statement_matches', appRole, 'SELECT, INSERT, DELETE'),

      `CREATE TABLE "trust_reconciliations" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL,
        "account_id" uuid NOT NULL, "statement_id" uuid NOT NULL, "period_start" date NOT NULL,
        "period_end" date NOT NULL, "statement_balance_minor" bigint NOT NULL,
        "adjusted_bank_balance_minor" bigint NOT NULL, "book_balance_minor" bigint NOT NULL,
        "client_ledgers_minor" bigint NOT NULL, "firm_funds_minor" bigint NOT NULL, "balanced" boolean NOT NULL,
        "report" jsonb NOT NULL, "signed_off_by" text NOT NULL,
        "signed_off_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_trust_reconciliations" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "trust_reconciliations_firm_id_statement_id_fkey" FOREIGN KEY ("firm_id", "statement_id")
          REFERENCES "trust_statements" ("firm_id", "id"))`,
      // One signed reconciliation per account and period end.
      `CREATE UNIQUE INDEX "trust_reconciliations_firm_account_period" ON "trust_reconciliations" ("firm_id", "account_id", "period_end")`,
      ...tenantTableSql('trust_reconciliations'),
      grantSql('trust_reconciliations', appRole, 'SELECT, INSERT'),
      // A signed reconciliation is what the bar auditor reads: no one changes it, whoever connects.
      `CREATE FUNCTION trust_reconciliations_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'signed trust reconciliation % is immutable', OLD.id USING ERRCODE = 'P0001';
        END $$`,
      `CREATE TRIGGER trust_reconciliations_immutable BEFORE UPDATE OR DELETE ON "trust_reconciliations"
        FOR EACH ROW EXECUTE FUNCTION trust_reconciliations_immutable()`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('TrustReconciliations1766300000101 is not reversible; restore from backup instead.');
  }
}
