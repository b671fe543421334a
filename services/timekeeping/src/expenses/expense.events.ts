import type { EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { auditChange } from '@lawfirm/audit';
import type { ExpenseSnapshotV1 } from '@lawfirm/contracts';
import { appendToOutbox } from '@lawfirm/messaging';
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

/**
 * An expense event (when `type` is given) and its audit record, in the change's transaction.
 * `aggregateId` (the Kafka key) defaults to the expense; a reversal is keyed by the expense it
 * reverses, so billing never sees the reversal before the approval it cancels.
 */
export async function recordExpenseChange(
  manager: EntityManager,
  actor: Actor,
  action: string,
  expense: Expense,
  event?: { type: string; extra?: Record<string, unknown>; aggregateId?: string },
): Promise<void> {
  const eventActor = { type: actor.actorType, id: actor.subject };
  if (event) {
    await appendToOutbox(manager, {
      type: event.type,
      firmId: actor.firmId,
      aggregateId: event.aggregateId ?? expense.id,
      actor: eventActor,
      correlationId: actor.correlationId,
      data: { ...expenseSnapshot(expense), ...(event.extra ?? {}) },
    });
  }
  await auditChange(manager, {
    firmId: actor.firmId,
    actor: eventActor,
    action,
    resourceType: 'expense',
    resourceId: expense.id,
    correlationId: actor.correlationId,
    requestId: actor.requestId,
    details: {
      matterId: expense.matterId,
      amountMinor: expense.amountMinor,
      currency: expense.currency,
      status: expense.status,
    },
  });
}
