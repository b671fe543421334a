import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';

/** Published by billing when an invoice is issued: its time entries and expenses are now billed. */
export class InvoiceIssuedV1 {
  static readonly type = 'billing.invoice.issued';
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  /** The invoice's matter; on an invoice to a client across matters, the first of `matterIds`. */
  @IsUUID() matterId!: string;
  @IsArray() @ArrayMaxSize(100000) @IsUUID('all', { each: true }) timeEntryIds!: string[];
  @IsArray() @ArrayMaxSize(100000) @IsUUID('all', { each: true }) expenseIds!: string[];
  @IsISO8601() issuedAt!: string;
  // Added with the billing issue (additive, optional so older events stay valid).
  @IsOptional() @IsUUID() clientId?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(10000) @IsUUID('all', { each: true }) matterIds?: string[];
  @IsOptional() @IsInt() totalMinor?: number;
  @IsOptional() @Matches(/^[A-Z]{3}$/) currency?: string;
}

/** Published by billing when a credit note corrects an issued invoice; `full` voids it. */
export class CreditNoteIssuedV1 {
  static readonly type = 'billing.invoice.credited';
  @IsUUID() creditNoteId!: string;
  @IsString() creditNoteNumber!: string;
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  @IsUUID() clientId!: string;
  @IsInt() amountMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsIn(['partial', 'full']) extent!: 'partial' | 'full';
  @IsString() reason!: string;
  @IsISO8601() issuedAt!: string;
}

/** One invoice's share of a payment, a credit application or (negative) a reversal. */
export class PaymentAllocationV1 {
  @IsUUID() invoiceId!: string;
  @IsInt() amountMinor!: number;
}

/**
 * Published by billing when money is recorded against a client: a payment received (`payment`), client
 * credit applied to invoices (`credit-application`), credit paid back (`refund`) or paid money a credit note
 * handed back to the client as credit (`credit-release`: negative allocations on the credited invoice).
 */
export class PaymentRecordedV1 {
  static readonly type = 'billing.payment.recorded';
  @IsUUID() paymentId!: string;
  @IsIn(['payment', 'credit-application', 'refund', 'credit-release'])
  kind!: 'payment' | 'credit-application' | 'refund' | 'credit-release';
  @IsUUID() clientId!: string;
  @IsInt() amountMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) entryDate!: string;
  @IsArray()
  @ArrayMaxSize(10000)
  @ValidateNested({ each: true })
  @Type(() => PaymentAllocationV1)
  allocations!: PaymentAllocationV1[];
  /** What the entry leaves as (payment) or takes from (refund, application) the client's credit. */
  @IsInt() creditChangeMinor!: number;
  @IsISO8601() recordedAt!: string;
}

/** Published by billing when a bounced payment is reversed: its allocations are undone (negative amounts). */
export class PaymentReversedV1 {
  static readonly type = 'billing.payment.reversed';
  @IsUUID() reversalId!: string;
  @IsUUID() paymentId!: string;
  @IsUUID() clientId!: string;
  @IsInt() amountMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) entryDate!: string;
  @IsString() reason!: string;
  @IsArray()
  @ArrayMaxSize(10000)
  @ValidateNested({ each: true })
  @Type(() => PaymentAllocationV1)
  allocations!: PaymentAllocationV1[];
  @IsISO8601() recordedAt!: string;
}

/**
 * Published by billing for every trust ledger entry (issue 12): a deposit, a transfer to pay an invoice,
 * a refund, a third-party payment, a bank fee or interest on the firm's funds line, or a reversal.
 * `amountMinor` is signed (into the ledger positive); keyed by the trust account.
 */
export class TrustEntryRecordedV1 {
  static readonly type = 'billing.trust.entry-recorded';
  @IsUUID() entryId!: string;
  @IsUUID() accountId!: string;
  @IsUUID() ledgerId!: string;
  @IsIn(['deposit', 'transfer', 'refund', 'third-party-payment', 'bank-fee', 'interest', 'reversal'])
  kind!: 'deposit' | 'transfer' | 'refund' | 'third-party-payment' | 'bank-fee' | 'interest' | 'reversal';
  /** Null on the firm's own funds line. */
  @IsOptional() @IsUUID() clientId!: string | null;
  @IsOptional() @IsUUID() matterId!: string | null;
  @IsInt() amountMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) entryDate!: string;
  @IsInt() balanceAfterMinor!: number;
  @IsOptional() @IsUUID() invoiceId!: string | null;
  @IsOptional() @IsUUID() paymentId!: string | null;
  @IsOptional() @IsUUID() reversesEntryId!: string | null;
  @IsISO8601() recordedAt!: string;
}

/**
 * Published by billing when a matter's trust balance falls below the minimum set for it (an evergreen
 * retainer to replenish): once per crossing, not on every entry below it.
 */
export class TrustLowBalanceV1 {
  static readonly type = 'billing.trust.low-balance';
  @IsUUID() ledgerId!: string;
  @IsUUID() accountId!: string;
  @IsUUID() clientId!: string;
  @IsUUID() matterId!: string;
  @IsInt() balanceMinor!: number;
  @IsInt() minimumMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  /** The entry that crossed the minimum; null when setting a minimum above the balance did. */
  @IsOptional() @IsUUID() entryId!: string | null;
  @IsISO8601() at!: string;
}

/**
 * Published by billing when a bank statement (CSV or OFX) is imported into a trust account for
 * reconciliation, with how many of its lines were matched to ledger entries at import. Keyed by the account.
 */
export class TrustStatementImportedV1 {
  static readonly type = 'billing.trust.statement-imported';
  @IsUUID() statementId!: string;
  @IsUUID() accountId!: string;
  @IsIn(['csv', 'ofx']) format!: 'csv' | 'ofx';
  @Matches(/^\d{4}-\d{2}-\d{2}$/) periodStart!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) periodEnd!: string;
  @IsInt() closingBalanceMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsInt() lines!: number;
  @IsInt() autoMatched!: number;
  @IsISO8601() importedAt!: string;
}

/**
 * Published by billing when a trust account's three-way reconciliation for a period is signed off by a
 * named user (stored and immutable from then on); `balanced` false means every difference was explained.
 */
export class TrustReconciliationSignedOffV1 {
  static readonly type = 'billing.trust.reconciliation-signed-off';
  @IsUUID() reconciliationId!: string;
  @IsUUID() statementId!: string;
  @IsUUID() accountId!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) periodStart!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) periodEnd!: string;
  @IsBoolean() balanced!: boolean;
  @IsInt() adjustedBankBalanceMinor!: number;
  @IsInt() bookBalanceMinor!: number;
  @IsInt() clientLedgersMinor!: number;
  @IsInt() differences!: number;
  @IsString() signedOffBy!: string;
  @IsISO8601() signedOffAt!: string;
}

/**
 * Published by billing when an invoice's collections status changes (promised with a date and amount,
 * disputed with a reason, in collections, or cleared to `none`); a write-off also publishes
 * `billing.invoice.written-off`. Keyed by the invoice.
 */
export class InvoiceCollectionStatusChangedV1 {
  static readonly type = 'billing.invoice.collection-status-changed';
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  @IsUUID() clientId!: string;
  @IsIn(['none', 'promised', 'disputed', 'in-collections', 'written-off'])
  previousStatus!: 'none' | 'promised' | 'disputed' | 'in-collections' | 'written-off';
  @IsIn(['none', 'promised', 'disputed', 'in-collections', 'written-off'])
  status!: 'none' | 'promised' | 'disputed' | 'in-collections' | 'written-off';
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) promisedOn?: string | null;
  @IsOptional() @IsInt() promisedMinor?: number | null;
  @IsOptional() @IsString() disputeReason?: string | null;
  @IsOptional() @IsString() note?: string | null;
  @IsInt() openMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsISO8601() changedAt!: string;
}

/** Published by billing when an invoice's open balance is written off as uncollectable. */
export class InvoiceWrittenOffV1 {
  static readonly type = 'billing.invoice.written-off';
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  @IsUUID() clientId!: string;
  /** The `write-off` entry in the payments ledger. */
  @IsUUID() entryId!: string;
  @IsInt() amountMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) writtenOffOn!: string;
  @IsString() reason!: string;
  @IsISO8601() recordedAt!: string;
}

/**
 * Published by billing when a step of the firm's reminder schedule comes due for an open invoice (once per
 * invoice and step): everything a reminder template needs. Keyed by the invoice.
 */
export class InvoiceReminderDueV1 {
  static readonly type = 'billing.reminder.due';
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  @IsUUID() clientId!: string;
  @IsOptional() @IsString() clientName!: string | null;
  @IsOptional() @IsUUID() matterId!: string | null;
  /** Days relative to the due date (-7 = a week before). */
  @IsInt() offsetDays!: number;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) reminderDate!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) issuedOn!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) dueDate!: string;
  /** Days past the due date on the sweep's day (0 before it). */
  @IsInt() daysOverdue!: number;
  @IsInt() totalMinor!: number;
  @IsInt() creditedMinor!: number;
  @IsInt() paidMinor!: number;
  @IsInt() openMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsIn(['none', 'promised', 'in-collections']) collectionStatus!: 'none' | 'promised' | 'in-collections';
  @IsOptional() @IsString() paymentInstructions!: string | null;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) asOf!: string;
}

export class PaymentPlanInstalmentV1 {
  @Matches(/^\d{4}-\d{2}-\d{2}$/) dueOn!: string;
  @IsInt() amountMinor!: number;
}

/** Published by billing when a client agrees to pay an invoice's open amount in instalments. */
export class PaymentPlanAgreedV1 {
  static readonly type = 'billing.invoice.payment-plan-agreed';
  @IsUUID() planId!: string;
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  @IsUUID() clientId!: string;
  @IsInt() totalMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => PaymentPlanInstalmentV1)
  instalments!: PaymentPlanInstalmentV1[];
  @IsISO8601() agreedAt!: string;
}

/** Published by billing when a late-charge run charges interest or a late fee on an overdue invoice for a period. */
export class InvoiceLateChargedV1 {
  static readonly type = 'billing.invoice.late-charged';
  @IsUUID() lateChargeId!: string;
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  @IsUUID() clientId!: string;
  @IsOptional() @IsUUID() matterId!: string | null;
  @Matches(/^\d{4}-\d{2}$/) period!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) asOf!: string;
  @IsInt() interestMinor!: number;
  @IsInt() flatFeeMinor!: number;
  @IsInt() amountMinor!: number;
  @IsInt() principalMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
}
