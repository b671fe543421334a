import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { TrustAccount } from './trust-account.entity';
import { TrustLedger } from './trust-ledger.entity';

export const TRUST_ENTRY_KINDS = [
  'deposit',
  'transfer',
  'refund',
  'third-party-payment',
  'bank-fee',
  'interest',
  'reversal',
] as const;
export type TrustEntryKind = (typeof TRUST_ENTRY_KINDS)[number];

/**
 * One movement of trust money on one ledger: positive into it, negative out. Immutable (trigger and
 * grants); a mistake is corrected by a `reversal` pointing at the entry.
 */
@Entity({ name: 'trust_entries' })
@Index('trust_entries_firm_ledger', ['firmId', 'ledgerId', 'recordedAt'])
@Index('trust_entries_firm_account_date', ['firmId', 'accountId', 'entryDate'])
@Index('trust_entries_firm_reverses', ['firmId', 'reversesEntryId'], { unique: true })
@Check('trust_entries_amount_not_zero', `"amount_minor" <> 0`)
@ForeignKey(() => TrustLedger, ['firmId', 'ledgerId'], ['firmId', 'id'], {
  name: 'trust_entries_firm_id_ledger_id_fkey',
})
@ForeignKey(() => TrustAccount, ['firmId', 'accountId'], ['firmId', 'id'], {
  name: 'trust_entries_firm_id_account_id_fkey',
})
@ForeignKey(() => TrustEntry, ['firmId', 'reversesEntryId'], ['firmId', 'id'], {
  name: 'trust_entries_firm_id_reverses_entry_id_fkey',
})
export class TrustEntry {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'ledger_id', type: 'uuid' })
  ledgerId!: string;

  @Column({ type: 'text' })
  kind!: TrustEntryKind;

  /** Signed: positive into the ledger (deposit, interest), negative out (transfer, refund, payment, fee). */
  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'entry_date', type: 'date' })
  entryDate!: string;

  /** A deposit's money may be disbursed from this day on (entry date + the account's hold days). */
  @Column({ name: 'cleared_on', type: 'date', nullable: true })
  clearedOn!: string | null;

  /** Who paid in (a deposit's payer) or was paid (refund, third party). */
  @Column({ type: 'text', nullable: true })
  counterparty!: string | null;

  @Column({ type: 'text', nullable: true })
  method!: string | null;

  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId!: string | null;

  /** The payment a transfer recorded on its invoice. */
  @Column({ name: 'payment_id', type: 'uuid', nullable: true })
  paymentId!: string | null;

  @Column({ name: 'reverses_entry_id', type: 'uuid', nullable: true })
  reversesEntryId!: string | null;

  @Column({ type: 'text', nullable: true })
  memo!: string | null;

  @Column({ name: 'balance_after_minor', type: 'bigint' })
  balanceAfterMinor!: string;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
