import type { Change } from '@lawfirm/audit';
import type { ExpenseSnapshotV1 } from '@lawfirm/contracts';
import type { Expense } from './expense.entity';

export function expenseSnapshot(expense: Expense): ExpenseSnapshotV1 {
  return {
    expenseId: expense.id,
    matterId: expense.matterId,
    timekeeperId: expense.timekeeperId,
    expenseDate: expense.expenseDate,
    expenseCode: expense.expenseCode,
    description: expense.description,
    amountMinor: expense.amountMinor,
    currency: expense.currency,
    billable: expense.billable,
    outsourced: expense.outsourced,
    ...(expense.vendorId ? { vendorId: expense.vendorId } : {}),
    ...(expense.receiptDocumentRef ? { receiptDocumentRef: expense.receiptDocumentRef } : {}),
  };
}

/** Who, what and which expense, as every change of an expense is audited. */
export function expenseAudit(expense: Expense): Pick<Change, 'resourceType' | 'resourceId' | 'details'> {
  return {
    resourceType: 'expense',
    resourceId: expense.id,
    details: {
      matterId: expense.matterId,
      amountMinor: expense.amountMinor,
      currency: expense.currency,
      status: expense.status,
    },
  };
}
