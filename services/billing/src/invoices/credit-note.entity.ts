import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Invoice } from './invoice.entity';

/** A correction of an issued invoice; `full` voids it. Insert-only for the app role. */
@Entity({ name: 'credit_notes' })
@Index('credit_notes_firm_number', ['firmId', 'number'], { unique: true })
@Index('credit_notes_firm_invoice', ['firmId', 'invoiceId'])
@ForeignKey(() => Invoice, ['firmId', 'invoiceId'], ['firmId', 'id'], {
  name: 'credit_notes_firm_id_invoice_id_fkey',
})
export class CreditNote {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  number!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  extent!: 'partial' | 'full';

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'issued_by', type: 'text' })
  issuedBy!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
