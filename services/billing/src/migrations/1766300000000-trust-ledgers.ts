import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * Trust (IOLTA) accounting (issue 12): trust bank accounts, one ledger per client matter (and one firm's
 * own funds line per account) whose balance row is locked for every movement, and immutable entries.
 * The database itself refuses a negative ledger (CHECK) and any change to an entry (trigger, whoever
 * connects; the app role also has no UPDATE or DELETE grant on entries).
 */
export class TrustLedgers1766300000000 implements MigrationInterface {
  name = 'TrustLedgers1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "trust_accounts" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "name" text NOT NULL,
        "kind" text NOT NULL, "bank_name" text, "account_last4" text, "currency" text NOT NULL,
        "hold_days" integer NOT NULL, "created_by" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_trust_accounts" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "trust_accounts_hold_days" CHECK ("hold_days" >= 0 AND "hold_days" <= 60))`,
      ...tenantTableSql('trust_accounts'),
      grantSql('trust_accounts', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "trust_ledgers" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "account_id" uuid NOT NULL,
        "kind" text NOT NULL, "client_id" uuid, "matter_id" uuid, "balance_minor" bigint NOT NULL,
        "minimum_balance_minor" bigint, "below_minimum" boolean NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_trust_ledgers" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "trust_ledgers_never_negative" CHECK ("balance_minor" >= 0),
        CONSTRAINT "trust_ledgers_client_matter" CHECK (("kind" = 'client') = ("client_id" IS NOT NULL AND "matter_id" IS NOT NULL)),
        CONSTRAINT "trust_ledgers_firm_id_account_id_fkey" FOREIGN KEY ("firm_id", "account_id")
          REFERENCES "trust_accounts" ("firm_id", "id"))`,
      // One ledger per matter in an account; the firm's funds line (matter null) is made once, with the account.
      `CREATE UNIQUE INDEX "trust_ledgers_firm_account_matter" ON "trust_ledgers" ("firm_id", "account_id", "matter_id")`,
      `CREATE INDEX "trust_ledgers_firm_matter" ON "trust_ledgers" ("firm_id", "matter_id")`,
      ...tenantTableSql('trust_ledgers'),
      grantSql('trust_ledgers', appRole, 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE "trust_entries" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "account_id" uuid NOT NULL,
        "ledger_id" uuid NOT NULL, "kind" text NOT NULL, "amount_minor" bigint NOT NULL, "currency" text NOT NULL,
        "entry_date" date NOT NULL, "cleared_on" date, "counterparty" text, "method" text, "reference" text,
        "invoice_id" uuid, "payment_id" uuid, "reverses_entry_id" uuid, "memo" text,
        "balance_after_minor" bigint NOT NULL, "recorded_by" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_trust_entries" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "trust_entries_amount_not_zero" CHECK ("amount_minor" <> 0),
        CONSTRAINT "trust_entries_firm_id_ledger_id_fkey" FOREIGN KEY ("firm_id", "ledger_id")
          REFERENCES "trust_ledgers" ("firm_id", "id"),
        CONSTRAINT "trust_entries_firm_id_account_id_fkey" FOREIGN KEY ("firm_id", "account_id")
          REFERENCES "trust_accounts" ("firm_id", "id"),
        CONSTRAINT "trust_entries_firm_id_reverses_entry_id_fkey" FOREIGN KEY ("firm_id", "reverses_entry_id")
          REFERENCES "trust_entries" ("firm_id", "id"))`,
      `CREATE INDEX "trust_entries_firm_ledger" ON "trust_entries" ("firm_id", "ledger_id", "recorded_at")`,
      `CREATE INDEX "trust_entries_firm_account_date" ON "trust_entries" ("firm_id", "account_id", "entry_date")`,
      // One reversal per entry, whatever the application does.
      `CREATE UNIQUE INDEX "trust_entries_firm_reverses" ON "trust_entries" ("firm_id", "reverses_entry_id")`,
      ...tenantTableSql('trust_entries'),
      grantSql('trust_entries', appRole, 'SELECT, INSERT'),
      // Immutability in the database, whoever connects: a trust entry is corrected only by a reversing entry.
      `CREATE FUNCTION trust_entries_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'trust entry % is immutable; record a reversing entry instead', OLD.id USING ERRCODE = 'P0001';
        END $$`,
      `CREATE TRIGGER trust_entries_immutable BEFORE UPDATE OR DELETE ON "trust_entries"
        FOR EACH ROW EXECUTE FUNCTION trust_entries_immutable()`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('TrustLedgers1766300000000 is not reversible; restore from backup instead.');
  }
}
