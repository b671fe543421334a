import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const INVOICE_STATUSES = ['draft', 'issued'] as const;
/** `draft` is a pre-bill a clerk still edits; `issued` is final (a database trigger refuses any change). */
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type DiscountKind = 'percent' | 'amount';

@Entity({ name: 'invoices' })
@Index('invoices_firm_number', ['firmId', 'number'], { unique: true })
@Index('invoices_firm_created', ['firmId', 'createdAt', 'id'])
export class Invoice {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  status!: InvoiceStatus;

  /** Gap-free per firm, given when issued. */
  @Column({ type: 'text', nullable: true })
  number!: string | null;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  /** Null on a bill to a client across its matters. */
  @Column({ name: 'matter_id', type: 'uuid', nullable: true })
  matterId!: string | null;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'period_start', type: 'date', nullable: true })
  periodStart!: string | null;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ name: 'discount_kind', type: 'text', nullable: true })
  discountKind!: DiscountKind | null;

  /** Basis points for a percentage, minor units for an amount. */
  @Column({ name: 'discount_value', type: 'bigint', nullable: true })
  discountValue!: string | null;

  @Column({ name: 'discount_reason', type: 'text', nullable: true })
  discountReason!: string | null;

  @Column({ name: 'fees_minor', type: 'bigint' })
  feesMinor!: string;

  @Column({ name: 'disbursements_minor', type: 'bigint' })
  disbursementsMinor!: string;

  @Column({ name: 'discount_minor', type: 'bigint' })
  discountMinor!: string;

  /** The lines' taxes plus the discount's (negative), set when issued; 0 on a draft. */
  @Column({ name: 'tax_minor', type: 'bigint', default: 0 })
  taxMinor!: string;

  /** Fees + disbursements − discount, plus `taxMinor` once issued: what the client owes for this invoice. */
  @Column({ name: 'total_minor', type: 'bigint' })
  totalMinor!: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when issued: issue date + the matter's payment terms (30 days by default). */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'issued_by', type: 'text', nullable: true })
  issuedBy!: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt!: Date | null;
}
