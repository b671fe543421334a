import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { Expense, type ExpenseStatus, type ExpenseWithReversal, type NewExpense } from './expense.entity';

/** `expenses`; row-level security limits every statement to the transaction's firm. */
@Injectable()
export class ExpenseRepository {
  async insert(manager: EntityManager, expense: NewExpense): Promise<ExpenseWithReversal> {
    const repository = manager.getRepository(Expense);
    await repository.insert(repository.create(expense));
    return this.reload(manager, expense.id);
  }

  async findById(manager: EntityManager, id: string): Promise<ExpenseWithReversal | null> {
    const expense = await manager.getRepository(Expense).findOne({ where: { id } });
    return expense ? (await this.withReversals(manager, [expense]))[0]! : null;
  }

  /** Locks the row for a status transition so two approvals (or an approval and an edit) cannot both succeed. */
  async findForUpdate(manager: EntityManager, id: string): Promise<ExpenseWithReversal | null> {
    const expense = await manager
      .getRepository(Expense)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    return expense ? (await this.withReversals(manager, [expense]))[0]! : null;
  }

  /** Writes every field a use case may change. */
  async save(manager: EntityManager, expense: Expense): Promise<ExpenseWithReversal> {
    await manager.getRepository(Expense).update(
      { id: expense.id },
      {
        expenseDate: expense.expenseDate,
        expenseCode: expense.expenseCode,
        description: expense.description,
        amountMinor: expense.amountMinor,
        currency: expense.currency,
        receiptDocumentRef: expense.receiptDocumentRef,
        billable: expense.billable,
        outsourced: expense.outsourced,
        vendorId: expense.vendorId,
        status: expense.status,
        submittedAt: expense.submittedAt,
        approvedAt: expense.approvedAt,
        approvedBy: expense.approvedBy,
        rejectedAt: expense.rejectedAt,
        rejectedBy: expense.rejectedBy,
        rejectionReason: expense.rejectionReason,
        billedAt: expense.billedAt,
        invoiceId: expense.invoiceId,
        updatedAt: expense.updatedAt,
      },
    );
    return this.reload(manager, expense.id);
  }

  /** Approved expenses of the invoice's matter become billed; returns how many did. */
  async markBilled(
    manager: EntityManager,
    ids: string[],
    matterId: string,
    invoiceId: string,
    billedAt: Date,
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await manager
      .createQueryBuilder()
      .update(Expense)
      .set({ status: 'billed', billedAt, invoiceId, updatedAt: () => 'now()' })
      .where('id = ANY(:ids::uuid[])', { ids })
      .andWhere('matter_id = :matterId', { matterId })
      .andWhere(`status = 'approved'`)
      .execute();
    return result.affected ?? 0;
  }

  /** Newest first, keyset-paged at millisecond precision (the cursor's precision). */
  async list(
    manager: EntityManager,
    limit: number,
    filters: { matterId?: string; status?: ExpenseStatus },
    after?: CursorPosition,
  ): Promise<ExpenseWithReversal[]> {
    const query = manager
      .getRepository(Expense)
      .createQueryBuilder('expense')
      .orderBy(`date_trunc('milliseconds', expense.created_at)`, 'DESC')
      .addOrderBy('expense.id', 'DESC')
      .limit(limit + 1);
    if (filters.matterId) query.andWhere('expense.matter_id = :matterId', { matterId: filters.matterId });
    if (filters.status) query.andWhere('expense.status = :status', { status: filters.status });
    if (after) {
      query.andWhere(
        `(date_trunc('milliseconds', expense.created_at), expense.id) < (:sortKey::timestamptz, :id::uuid)`,
        after,
      );
    }
    return this.withReversals(manager, await query.getMany());
  }

  private async reload(manager: EntityManager, id: string): Promise<ExpenseWithReversal> {
    const expense = await manager.getRepository(Expense).findOneOrFail({ where: { id } });
    return (await this.withReversals(manager, [expense]))[0]!;
  }

  /** Only a voided expense has a reversal; the table keeps just the reversal's pointer back. */
  private async withReversals(manager: EntityManager, expenses: Expense[]): Promise<ExpenseWithReversal[]> {
    const voided = expenses.filter((expense) => expense.status === 'voided');
    const reversals = voided.length
      ? await manager.getRepository(Expense).find({
          select: { id: true, reversesExpenseId: true },
          where: { reversesExpenseId: In(voided.map((expense) => expense.id)) },
        })
      : [];
    const reversalOf = new Map(reversals.map((reversal) => [reversal.reversesExpenseId, reversal.id]));
    return expenses.map((expense) =>
      Object.assign(expense, { reversedByExpenseId: reversalOf.get(expense.id) ?? null }),
    );
  }
}
