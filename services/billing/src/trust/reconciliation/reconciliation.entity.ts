import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { TrustAccount } from '../trust-account.entity';
import { TrustEntry } from '../trust-entry.entity';

/**
 * A bank statement of a trust account, stored once: the same file (by its content hash) cannot be imported
 * twice into one account.
 */
@Entity({ name: 'trust_statements' })
@Index('trust_statements_firm_account_hash', ['firmId', 'accountId', 'contentHash'], { unique: true })
@ForeignKey(() => TrustAccount, ['firmId', 'accountId'], ['firmId', 'id'], {
  name: 'trust_statements_firm_id_account_id_fkey',
})
export class TrustStatement {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ name: 'closing_balance_minor', type: 'bigint' })
  closingBalanceMinor!: string;

  /** SHA-256 of the file and its closing balance and period: what makes a second import of it a 409. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'date_window_days', type: 'integer' })
  dateWindowDays!: number;

  @Column({ name: 'imported_by', type: 'text' })
  importedBy!: string;

  @Column({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}

/** One line of a stored statement (insert-only). */
@Entity({ name: 'trust_statement_lines' })
@Index('trust_statement_lines_firm_statement_row', ['firmId', 'statementId', 'row'], { unique: true })
@ForeignKey(() => TrustStatement, ['firmId', 'statementId'], ['firmId', 'id'], {
  name: 'trust_statement_lines_firm_id_statement_id_fkey',
})
export class TrustStatementLine {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId!: string;

  @Column({ type: 'integer' })
  row!: number;

  @Column({ name: 'line_date', type: 'date' })
  lineDate!: string;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  reference!: string | null;
}

/** What a signed reconciliation keeps besides its headline figures (jsonb). */
export interface SignedReconciliationReport {
  outstandingDepositsMinor: number;
  outstandingChecksMinor: number;
  /** Each difference as listed at sign-off, with its key and explanation. */
  differences: Array<Record<string, string | number | null>>;
}

export const STATEMENT_MATCH_SOURCES = ['auto', 'manual'] as const;
export type StatementMatchSource = (typeof STATEMENT_MATCH_SOURCES)[number];

/**
 * A statement line matched to a ledger entry. A line may take several entries (matched by hand); an entry
 * is matched at most once in an account (unique index), so no entry clears two bank lines.
 */
@Entity({ name: 'trust_statement_matches' })
@Index('trust_statement_matches_firm_entry', ['firmId', 'entryId'], { unique: true })
@Index('trust_statement_matches_firm_line', ['firmId', 'lineId'])
@ForeignKey(() => TrustStatementLine, ['firmId', 'lineId'], ['firmId', 'id'], {
  name: 'trust_statement_matches_firm_id_line_id_fkey',
})
@ForeignKey(() => TrustEntry, ['firmId', 'entryId'], ['firmId', 'id'], {
  name: 'trust_statement_matches_firm_id_entry_id_fkey',
})
export class TrustStatementMatch {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId!: string;

  @Column({ name: 'line_id', type: 'uuid' })
  lineId!: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId!: string;

  @Column({ type: 'text' })
  source!: StatementMatchSource;

  @Column({ name: 'matched_by', type: 'text' })
  matchedBy!: string;

  @Column({ name: 'matched_at', type: 'timestamptz' })
  matchedAt!: Date;
}

/**
 * A signed-off three-way reconciliation: the figures, every difference and its explanation as they were
 * when the named user signed. One per account and period end; the database refuses any change to it.
 */
@Entity({ name: 'trust_reconciliations' })
@Index('trust_reconciliations_firm_account_period', ['firmId', 'accountId', 'periodEnd'], { unique: true })
@ForeignKey(() => TrustStatement, ['firmId', 'statementId'], ['firmId', 'id'], {
  name: 'trust_reconciliations_firm_id_statement_id_fkey',
})
export class TrustReconciliation {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ name: 'statement_balance_minor', type: 'bigint' })
  statementBalanceMinor!: string;

  @Column({ name: 'adjusted_bank_balance_minor', type: 'bigint' })
  adjustedBankBalanceMinor!: string;

  @Column({ name: 'book_balance_minor', type: 'bigint' })
  bookBalanceMinor!: string;

  @Column({ name: 'client_ledgers_minor', type: 'bigint' })
  clientLedgersMinor!: string;

  @Column({ name: 'firm_funds_minor', type: 'bigint' })
  firmFundsMinor!: string;

  @Column({ type: 'boolean' })
  balanced!: boolean;

  /** The reconciliation as computed at sign-off: outstanding items, differences, explanations. */
  @Column({ type: 'jsonb' })
  report!: SignedReconciliationReport;

  @Column({ name: 'signed_off_by', type: 'text' })
  signedOffBy!: string;

  @Column({ name: 'signed_off_at', type: 'timestamptz' })
  signedOffAt!: Date;
}
