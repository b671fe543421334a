import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { WipEntry } from './wip-entry.entity';
import { WipExpense } from './wip-expense.entity';

export interface BillScope {
  matterIds: readonly string[];
  periodStart: string | null;
  periodEnd: string;
  currency: string;
}

export interface UnbilledTimeRow {
  matterId: string;
  timekeeperId: string;
  workDate: string;
  minutes: number;
  billedTenths: number;
}

export interface UnbilledExpenseRow {
  matterId: string;
  timekeeperId: string;
  expenseDate: string;
  expenseCount: number;
  amountMinor: number;
}

@Injectable()
export class WipRepository {
  /** Idempotent by time entry: a second approval event for the same entry changes nothing. */
  async insertIfAbsent(manager: EntityManager, entry: WipEntry): Promise<void> {
    await manager.createQueryBuilder().insert().into(WipEntry).values(entry).orIgnore().execute();
  }

  /** Idempotent by expense id. */
  async insertExpenseIfAbsent(manager: EntityManager, expense: WipExpense): Promise<void> {
    await manager.createQueryBuilder().insert().into(WipExpense).values(expense).orIgnore().execute();
  }

  /** Removes a reversed entry that has not been billed yet. */
  async remove(manager: EntityManager, timeEntryId: string): Promise<void> {
    await manager.delete(WipEntry, { timeEntryId, billedAt: IsNull() });
  }

  /** Removes a reversed expense not billed yet; false when there was none to remove. */
  async removeExpense(manager: EntityManager, expenseId: string): Promise<boolean> {
    const result = await manager.delete(WipExpense, { expenseId, billedAt: IsNull() });
    return (result.affected ?? 0) > 0;
  }

  async totals(
    manager: EntityManager,
    matterId: string,
  ): Promise<{ entryCount: number; totalMinutes: number; totalBilledTenths: number }> {
    const row = await manager
      .getRepository(WipEntry)
      .createQueryBuilder('wip')
      .select('count(*)', 'entryCount')
      .addSelect('coalesce(sum(wip.minutes), 0)', 'totalMinutes')
      .addSelect('coalesce(sum(wip.billed_tenths), 0)', 'totalBilledTenths')
      .where('wip.matter_id = :matterId', { matterId })
      .andWhere('wip.billed_at IS NULL')
      .getRawOne<{ entryCount: string; totalMinutes: string; totalBilledTenths: string }>();
    return {
      entryCount: Number(row?.entryCount ?? 0),
      totalMinutes: Number(row?.totalMinutes ?? 0),
      totalBilledTenths: Number(row?.totalBilledTenths ?? 0),
    };
  }

  /** For reports: billable time unbilled on `asOf` (worked by then, not billed or billed after it). */
  unbilledTimeOn(manager: EntityManager, asOf: string): Promise<UnbilledTimeRow[]> {
    return manager
      .getRepository(WipEntry)
      .createQueryBuilder('wip')
      .select('wip.matter_id', 'matterId')
      .addSelect('wip.timekeeper_id', 'timekeeperId')
      .addSelect("to_char(wip.work_date, 'YYYY-MM-DD')", 'workDate')
      .addSelect('wip.minutes', 'minutes')
      .addSelect('wip.billed_tenths', 'billedTenths')
      .where('wip.billable')
      .andWhere('wip.work_date <= :asOf', { asOf })
      .andWhere("(wip.billed_at IS NULL OR (wip.billed_at AT TIME ZONE 'UTC')::date > :asOf)", { asOf })
      .getRawMany<UnbilledTimeRow>();
  }

  /** For reports: billable expenses in `currency` unbilled on `asOf`, summed per matter, timekeeper and day. */
  async unbilledExpensesOn(
    manager: EntityManager,
    asOf: string,
    currency: string,
  ): Promise<UnbilledExpenseRow[]> {
    const rows = await manager
      .getRepository(WipExpense)
      .createQueryBuilder('expense')
      .select('expense.matter_id', 'matterId')
      .addSelect('expense.timekeeper_id', 'timekeeperId')
      .addSelect("to_char(expense.expense_date, 'YYYY-MM-DD')", 'expenseDate')
      .addSelect('count(*)::int', 'expenseCount')
      .addSelect('sum(expense.amount_minor)', 'amountMinor')
      .where('expense.billable')
      .andWhere('expense.currency = :currency', { currency })
      .andWhere('expense.expense_date <= :asOf', { asOf })
      .andWhere("(expense.billed_at IS NULL OR (expense.billed_at AT TIME ZONE 'UTC')::date > :asOf)", {
        asOf,
      })
      .groupBy('expense.matter_id')
      .addGroupBy('expense.timekeeper_id')
      .addGroupBy('expense.expense_date')
      .getRawMany<Omit<UnbilledExpenseRow, 'amountMinor'> & { amountMinor: string }>();
    return rows.map((row) => ({ ...row, amountMinor: Number(row.amountMinor) }));
  }

  /** Oldest work first, as a bill reads. */
  page(manager: EntityManager, matterId: string, limit: number, after?: CursorPosition): Promise<WipEntry[]> {
    const query = manager
      .getRepository(WipEntry)
      .createQueryBuilder('wip')
      .where('wip.matter_id = :matterId', { matterId })
      .andWhere('wip.billed_at IS NULL')
      .orderBy('wip.work_date', 'ASC')
      .addOrderBy('wip.time_entry_id', 'ASC')
      .limit(limit + 1);
    if (after) query.andWhere('(wip.work_date, wip.time_entry_id) > (:sortKey::date, :id::uuid)', after);
    return query.getMany();
  }

  unbilledExpenses(manager: EntityManager, matterId: string): Promise<WipExpense[]> {
    return manager
      .getRepository(WipExpense)
      .createQueryBuilder('expense')
      .where('expense.matter_id = :matterId', { matterId })
      .andWhere('expense.billed_at IS NULL')
      .orderBy('expense.expense_date', 'ASC')
      .addOrderBy('expense.expense_id', 'ASC')
      .getMany();
  }

  /**
   * Billable time of the matters up to the period's end that no pre-bill holds, locked so two pre-bills
   * made at once cannot take the same entry (the second re-reads `invoice_id` after the first commits).
   */
  freeTime(manager: EntityManager, scope: BillScope): Promise<WipEntry[]> {
    const query = manager
      .getRepository(WipEntry)
      .createQueryBuilder('wip')
      .where('wip.matter_id IN (:...matterIds)', { matterIds: [...scope.matterIds] })
      .andWhere('wip.invoice_id IS NULL AND wip.billable')
      .andWhere('wip.work_date <= :periodEnd', { periodEnd: scope.periodEnd })
      .orderBy('wip.matter_id')
      .addOrderBy('wip.work_date')
      .addOrderBy('wip.time_entry_id')
      .setLock('pessimistic_write');
    if (scope.periodStart)
      query.andWhere('wip.work_date >= :periodStart', { periodStart: scope.periodStart });
    return query.getMany();
  }

  freeExpenses(manager: EntityManager, scope: BillScope): Promise<WipExpense[]> {
    const query = manager
      .getRepository(WipExpense)
      .createQueryBuilder('expense')
      .where('expense.matter_id IN (:...matterIds)', { matterIds: [...scope.matterIds] })
      .andWhere('expense.invoice_id IS NULL AND expense.billable')
      .andWhere('expense.currency = :currency', { currency: scope.currency })
      .andWhere('expense.expense_date <= :periodEnd', { periodEnd: scope.periodEnd })
      .orderBy('expense.matter_id')
      .addOrderBy('expense.expense_date')
      .addOrderBy('expense.expense_id')
      .setLock('pessimistic_write');
    if (scope.periodStart)
      query.andWhere('expense.expense_date >= :periodStart', { periodStart: scope.periodStart });
    return query.getMany();
  }

  async hold(
    manager: EntityManager,
    invoiceId: string | null,
    timeEntryIds: readonly string[],
    expenseIds: readonly string[],
  ): Promise<void> {
    if (timeEntryIds.length)
      await manager
        .createQueryBuilder()
        .update(WipEntry)
        .set({ invoiceId })
        .where('time_entry_id = ANY(:ids::uuid[]) AND billed_at IS NULL', { ids: [...timeEntryIds] })
        .execute();
    if (expenseIds.length)
      await manager
        .createQueryBuilder()
        .update(WipExpense)
        .set({ invoiceId })
        .where('expense_id = ANY(:ids::uuid[]) AND billed_at IS NULL', { ids: [...expenseIds] })
        .execute();
  }

  async releaseInvoice(manager: EntityManager, invoiceId: string): Promise<void> {
    await manager.update(WipEntry, { invoiceId, billedAt: IsNull() }, { invoiceId: null });
    await manager.update(WipExpense, { invoiceId, billedAt: IsNull() }, { invoiceId: null });
  }

  /** Marks what the invoice holds billed; returns the ids it actually held (a reversed entry is gone). */
  async markBilled(
    manager: EntityManager,
    invoiceId: string,
    at: Date,
  ): Promise<{ timeEntryIds: string[]; expenseIds: string[] }> {
    await manager.update(WipEntry, { invoiceId, billedAt: IsNull() }, { billedAt: at });
    await manager.update(WipExpense, { invoiceId, billedAt: IsNull() }, { billedAt: at });
    const time = await manager.find(WipEntry, { select: { timeEntryId: true }, where: { invoiceId } });
    const expenses = await manager.find(WipExpense, { select: { expenseId: true }, where: { invoiceId } });
    return {
      timeEntryIds: time.map((row) => row.timeEntryId),
      expenseIds: expenses.map((row) => row.expenseId),
    };
  }
}
