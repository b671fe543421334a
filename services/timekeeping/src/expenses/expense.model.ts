export const EXPENSE_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'billed', 'voided'] as const;
export type ExpenseStatus = (typeof EXPENSE_STATUSES)[number];

/** A row of `expenses` as the service works with it (read and written with raw SQL, no ORM entity). */
export interface Expense {
  id: string;
  firmId: string;
  matterId: string;
  /** The gateway subject (user or integration) who spent the money. */
  timekeeperId: string;
  expenseDate: string;
  expenseCode: string;
  description: string;
  /** Integer minor units of `currency`; negative only on a reversal. */
  amountMinor: number;
  currency: string;
  receiptDocumentRef: string | null;
  billable: boolean;
  /** A vendor's cost, passed through to the client at cost. */
  outsourced: boolean;
  vendorId: string | null;
  status: ExpenseStatus;
  submittedAt: Date | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  rejectedAt: Date | null;
  rejectedBy: string | null;
  rejectionReason: string | null;
  billedAt: Date | null;
  invoiceId: string | null;
  reversesExpenseId: string | null;
  /** Derived: the reversal that voided this expense (the table keeps only the reversal's pointer back). */
  reversedByExpenseId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a new row needs; the database fills `created_at`, and nothing reverses a new expense yet. */
export type NewExpense = Omit<Expense, 'createdAt' | 'reversedByExpenseId'>;
