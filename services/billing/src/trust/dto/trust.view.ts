import { ApiProperty } from '@nestjs/swagger';
import { TRUST_ACCOUNT_KINDS, type TrustAccountKind } from '../trust-account.entity';
import { TRUST_ENTRY_KINDS, type TrustEntryKind } from '../trust-entry.entity';
import { TRUST_LEDGER_KINDS, type TrustLedgerKind } from '../trust-ledger.entity';

export class TrustAccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TRUST_ACCOUNT_KINDS }) kind!: TrustAccountKind;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() holdDays!: number;
  @ApiProperty({ nullable: true, type: String }) bankName!: string | null;
  @ApiProperty({ nullable: true, type: String }) accountLast4!: string | null;
  @ApiProperty({ description: 'Book balance: every ledger of the account, the firm funds line included.' })
  bookBalanceMinor!: number;
  @ApiProperty({ description: 'The sum of the client matter ledgers.' }) clientLedgersMinor!: number;
  @ApiProperty({ description: "The firm's own funds line (bank fees, interest)." }) firmFundsMinor!: number;
  @ApiProperty() createdAt!: string;
}

export class TrustAccountList {
  @ApiProperty({ type: [TrustAccountView] }) items!: TrustAccountView[];
}

export class TrustLedgerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ enum: TRUST_LEDGER_KINDS }) kind!: TrustLedgerKind;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clientId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) matterId!: string | null;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() balanceMinor!: number;
  @ApiProperty({ description: 'Deposits on the balance not cleared yet.' }) unclearedMinor!: number;
  @ApiProperty({ description: 'What may be disbursed now.' }) availableMinor!: number;
  @ApiProperty({ nullable: true, type: Number }) minimumBalanceMinor!: number | null;
  @ApiProperty() belowMinimum!: boolean;
}

export class TrustLedgerList {
  @ApiProperty({ type: [TrustLedgerView] }) items!: TrustLedgerView[];
}

export class TrustEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ format: 'uuid' }) ledgerId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clientId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) matterId!: string | null;
  @ApiProperty({ enum: TRUST_ENTRY_KINDS }) kind!: TrustEntryKind;
  @ApiProperty({ description: 'Signed: positive into the ledger, negative out.' }) amountMinor!: number;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '2026-11-20' }) entryDate!: string;
  @ApiProperty({ nullable: true, type: String, description: "A deposit's clearing day." })
  clearedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Payer of a deposit, payee of a payment.' })
  counterparty!: string | null;
  @ApiProperty({ nullable: true, type: String }) method!: string | null;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) invoiceId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) paymentId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) reversesEntryId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) reversedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) memo!: string | null;
  @ApiProperty() balanceAfterMinor!: number;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
}

export class TrustEntryPage {
  @ApiProperty({ type: [TrustEntryView] }) items!: TrustEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MatterTrustBalanceView {
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() balanceMinor!: number;
  @ApiProperty() availableMinor!: number;
  @ApiProperty({ nullable: true, type: Number }) minimumBalanceMinor!: number | null;
  @ApiProperty() belowMinimum!: boolean;
}

export class MatterTrustBalanceList {
  @ApiProperty({ type: [MatterTrustBalanceView] }) items!: MatterTrustBalanceView[];
}

export class InvoiceMatterTrustBalanceView extends MatterTrustBalanceView {
  @ApiProperty({ nullable: true, type: String, example: '2026-0042' }) matterNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) matterTitle!: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      "What the matter's ledger held at the end of the invoice's issue day (its entries dated up to then); null for a draft.",
  })
  heldAtIssueMinor!: number | null;
}

export class InvoiceTrustBalanceList {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The invoice's issue date (UTC); null for a draft.",
  })
  asOf!: string | null;
  @ApiProperty({ type: [InvoiceMatterTrustBalanceView] }) items!: InvoiceMatterTrustBalanceView[];
}

export const DIFFERENCE_KINDS = [
  'unmatched-statement-line',
  'outstanding-entry',
  'ledger-disagrees',
] as const;

export class ReconciliationDifferenceView {
  @ApiProperty({
    enum: DIFFERENCE_KINDS,
    description:
      'unmatched-statement-line: on the statement, not in the books (a bank fee, a doubled check, an unrecorded deposit); outstanding-entry: in the books, not yet on the statement; ledger-disagrees: a ledger whose stored balance is not the sum of its entries.',
  })
  kind!: (typeof DIFFERENCE_KINDS)[number];
  @ApiProperty({ required: false, description: 'Statement row (the header is row 1).' }) row?: number;
  @ApiProperty({ required: false, format: 'uuid' }) entryId?: string;
  @ApiProperty({ required: false, format: 'uuid' }) ledgerId?: string;
  @ApiProperty({ required: false }) date?: string;
  @ApiProperty({ required: false }) amountMinor?: number;
  @ApiProperty({ required: false, nullable: true, type: String }) description?: string | null;
  @ApiProperty({ required: false }) ledgerBalanceMinor?: number;
  @ApiProperty({ required: false }) entriesMinor?: number;
}

export class ReconciliationMatchView {
  @ApiProperty() row!: number;
  @ApiProperty({ format: 'uuid' }) entryId!: string;
}

export class ReconciliationView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() statementBalanceMinor!: number;
  @ApiProperty() outstandingDepositsMinor!: number;
  @ApiProperty() outstandingChecksMinor!: number;
  @ApiProperty({ description: 'Statement balance + outstanding deposits - outstanding checks.' })
  adjustedBankBalanceMinor!: number;
  @ApiProperty({ description: 'All entries dated up to the period end.' }) bookBalanceMinor!: number;
  @ApiProperty() clientLedgersMinor!: number;
  @ApiProperty() firmFundsMinor!: number;
  @ApiProperty({
    description:
      'Adjusted bank = book = client ledgers + firm funds, and no difference but outstanding entries.',
  })
  balanced!: boolean;
  @ApiProperty({ type: [ReconciliationMatchView] }) matches!: ReconciliationMatchView[];
  @ApiProperty({ type: [ReconciliationDifferenceView] }) differences!: ReconciliationDifferenceView[];
}
