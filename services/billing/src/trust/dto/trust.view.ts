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
