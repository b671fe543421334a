import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Payment } from './payment.entity';

/**
 * Money of one payment (`paymentId`) moved by one ledger entry (`entryId`): to an invoice, or (no invoice)
 * out as a refund. A reversal writes the negative of what the payment had on each invoice. Insert-only.
 */
@Entity({ name: 'payment_allocations' })
@Index('payment_allocations_firm_invoice', ['firmId', 'invoiceId'])
@Index('payment_allocations_firm_payment', ['firmId', 'paymentId'])
@ForeignKey(() => Payment, ['firmId', 'entryId'], ['firmId', 'id'], {
  name: 'payment_allocations_firm_id_entry_id_fkey',
})
@ForeignKey(() => Payment, ['firmId', 'paymentId'], ['firmId', 'id'], {
  name: 'payment_allocations_firm_id_payment_id_fkey',
})
export class PaymentAllocation {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId!: string;

  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId!: string;

  /** Null for a refund. */
  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId!: string | null;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
