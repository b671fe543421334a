import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const PAYMENT_KINDS = [
  'payment',
  'credit-application',
  'refund',
  'reversal',
  'credit-release',
  'write-off',
] as const;
/**
 * A ledger entry against a client: money received (`payment`), the client's credit applied to invoices
 * (`credit-application`), credit paid back (`refund`), or a bounced payment undone (`reversal`, pointing at
 * it); paid money a credit note handed back as credit (`credit-release`); an open balance written off as
 * uncollectable (`write-off`: its allocation lowers what is open, but it is not money received). Insert-only
 * for the app role: entries are never edited.
 */
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

@Entity({ name: 'payments' })
@Index('payments_firm_client', ['firmId', 'clientId', 'entryDate', 'id'])
@Index('payments_firm_reverses', ['firmId', 'reversesPaymentId'], { unique: true })
@Check('payments_amount_positive', `"amount_minor" > 0`)
export class Payment {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: PaymentKind;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  /** Always positive; the kind says which way the money moves. */
  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ type: 'text' })
  currency!: string;

  /** When the money was received, refunded, applied or bounced. */
  @Column({ name: 'entry_date', type: 'date' })
  entryDate!: string;

  @Column({ type: 'text', nullable: true })
  method!: string | null;

  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Column({ type: 'text', nullable: true })
  payer!: string | null;

  @Column({ name: 'reverses_payment_id', type: 'uuid', nullable: true })
  reversesPaymentId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
