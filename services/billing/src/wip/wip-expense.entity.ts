import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An approved expense not yet billed. One row per expense, however often its event arrives. */
@Entity({ name: 'wip_expenses' })
@Index('wip_expenses_firm_matter', ['firmId', 'matterId', 'expenseDate', 'expenseId'])
@Index('wip_expenses_firm_invoice', ['firmId', 'invoiceId'])
export class WipExpense {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'expense_id', type: 'uuid' })
  expenseId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'timekeeper_id', type: 'text' })
  timekeeperId!: string;

  @Column({ name: 'expense_date', type: 'date' })
  expenseDate!: string;

  @Column({ name: 'expense_code', type: 'text' })
  expenseCode!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'boolean' })
  billable!: boolean;

  /** A vendor's cost: passed through at actual cost as a disbursement, never marked up. */
  @Column({ type: 'boolean' })
  outsourced!: boolean;

  @Column({ name: 'vendor_id', type: 'uuid', nullable: true })
  vendorId!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz' })
  approvedAt!: Date;

  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId!: string;

  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId!: string | null;

  @Column({ name: 'billed_at', type: 'timestamptz', nullable: true })
  billedAt!: Date | null;
}
