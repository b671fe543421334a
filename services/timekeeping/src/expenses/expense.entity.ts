import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { minorAmountFromDb } from '@lawfirm/primitives';

export const EXPENSE_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'billed', 'voided'] as const;
export type ExpenseStatus = (typeof EXPENSE_STATUSES)[number];

@Entity({ name: 'expenses' })
@Unique('expenses_firm_id_id_key', ['firmId', 'id'])
@Index('expenses_external_id', ['firmId', 'externalId'], { unique: true, where: 'external_id IS NOT NULL' })
@Index('expenses_matter', ['firmId', 'matterId', 'createdAt'])
@Check('expenses_amount_minor_check', `amount_minor <> 0`)
@Check('expenses_currency_check', `currency ~ '^[A-Z]{3}$'`)
@Check(
  'expenses_status_check',
  `status IN ('draft', 'submitted', 'approved', 'rejected', 'billed', 'voided')`,
)
export class Expense {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'expenses_pkey' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  /** The gateway subject (user or integration) who spent the money. */
  @Column({ name: 'timekeeper_id', type: 'text' })
  timekeeperId!: string;

  /** YYYY-MM-DD (TypeORM hands a `date` over as that text, never a local-midnight Date). */
  @Column({ name: 'expense_date', type: 'date' })
  expenseDate!: string;

  @Column({ name: 'expense_code', type: 'text' })
  expenseCode!: string;

  @Column({ type: 'text' })
  description!: string;

  /** Integer minor units of `currency`; negative only on a reversal. node-postgres reads a bigint as text. */
  @Column({
    name: 'amount_minor',
    type: 'bigint',
    transformer: { to: (value: number) => value, from: (value: string | number) => minorAmountFromDb(value) },
  })
  amountMinor!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'receipt_document_ref', type: 'text', nullable: true })
  receiptDocumentRef!: string | null;

  @Column({ type: 'boolean', default: true })
  billable!: boolean;

  /** A vendor's cost, passed through to the client at cost. */
  @Column({ type: 'boolean', default: false })
  outsourced!: boolean;

  @Column({ name: 'vendor_id', type: 'uuid', nullable: true })
  vendorId!: string | null;

  @Column({ type: 'text' })
  status!: ExpenseStatus;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt!: Date | null;

  @Column({ name: 'rejected_by', type: 'text', nullable: true })
  rejectedBy!: string | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'billed_at', type: 'timestamptz', nullable: true })
  billedAt!: Date | null;

  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId!: string | null;

  @Column({ name: 'reverses_expense_id', type: 'uuid', nullable: true })
  reversesExpenseId!: string | null;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** An expense as the service shows it: the table keeps only the reversal's pointer back, so this is derived. */
export type ExpenseWithReversal = Expense & { reversedByExpenseId: string | null };

/** What a new row needs; the database fills `created_at`. */
export type NewExpense = Omit<Expense, 'createdAt' | 'externalId'>;
