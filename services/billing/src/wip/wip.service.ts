import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import type {
  EventEnvelope,
  ExpenseApprovedV1,
  ExpenseReversedV1,
  TimeEntryApprovedV1,
  TimeEntryReversedV1,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '@lawfirm/platform';
import { minorAmountFromDb } from '@lawfirm/primitives';
import type { WipView } from './dto/wip.view';
import type { WipEntry } from './wip-entry.entity';
import type { WipExpense } from './wip-expense.entity';
import {
  WipRepository,
  type BillScope,
  type UnbilledExpenseRow,
  type UnbilledTimeRow,
} from './wip.repository';

export type { BillScope, UnbilledExpenseRow, UnbilledTimeRow } from './wip.repository';
export type { WipEntry } from './wip-entry.entity';
export type { WipExpense } from './wip-expense.entity';

@Injectable()
export class WipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly wip: WipRepository,
    private readonly matters: MatterProjectionService,
  ) {}

  /** Event handler: an approved time entry becomes work in progress (inside the consumer's transaction). */
  async recordApprovedTime(
    envelope: EventEnvelope<TimeEntryApprovedV1>,
    manager: EntityManager,
  ): Promise<void> {
    const approved = envelope.data;
    if (approved.minutes <= 0) return; // reversals arrive as their own event
    await this.wip.insertIfAbsent(manager, {
      firmId: envelope.firmId,
      timeEntryId: approved.timeEntryId,
      matterId: approved.matterId,
      timekeeperId: approved.timekeeperId,
      workDate: approved.workDate,
      minutes: approved.minutes,
      billedTenths: approved.billedTenths,
      narrative: approved.narrative,
      billable: approved.billable,
      approvedAt: new Date(approved.approvedAt),
      sourceEventId: envelope.id,
      outsourced: approved.outsourced ?? false,
      vendorId: approved.vendorId ?? null,
      timekeeperName: approved.timekeeperName ?? null,
      classification: approved.classification ?? null,
      ledesClassification: approved.ledesClassification ?? null,
      taskCode: approved.taskCode ?? null,
      activityCode: approved.activityCode ?? null,
      invoiceId: null,
      billedAt: null,
    });
  }

  /** Event handler: an approved expense becomes work in progress, once, with its outsourcing facts. */
  async recordApprovedExpense(
    envelope: EventEnvelope<ExpenseApprovedV1>,
    manager: EntityManager,
  ): Promise<void> {
    await this.wip.insertExpenseIfAbsent(manager, this.expenseRow(envelope, envelope.data));
  }

  /**
   * A reversed expense leaves work in progress if it is not billed yet; if it is, its negative stays as
   * work in progress so the next bill nets it off.
   */
  async removeReversedExpense(
    envelope: EventEnvelope<ExpenseReversedV1>,
    manager: EntityManager,
  ): Promise<void> {
    const removed = await this.wip.removeExpense(manager, envelope.data.reversedExpenseId);
    if (!removed) await this.wip.insertExpenseIfAbsent(manager, this.expenseRow(envelope, envelope.data));
  }

  private expenseRow(
    envelope: EventEnvelope<unknown>,
    expense: ExpenseApprovedV1 | ExpenseReversedV1,
  ): WipExpense {
    return {
      firmId: envelope.firmId,
      expenseId: expense.expenseId,
      matterId: expense.matterId,
      timekeeperId: expense.timekeeperId,
      expenseDate: expense.expenseDate,
      expenseCode: expense.expenseCode,
      description: expense.description,
      amountMinor: String(expense.amountMinor),
      currency: expense.currency,
      billable: expense.billable,
      outsourced: expense.outsourced,
      vendorId: expense.vendorId ?? null,
      approvedAt: new Date(expense.approvedAt),
      sourceEventId: envelope.id,
      invoiceId: null,
      billedAt: null,
    };
  }

  /** For a pre-bill, inside its transaction: the free billable work of the scope, locked. */
  async freeWork(
    manager: EntityManager,
    scope: BillScope,
  ): Promise<{ time: WipEntry[]; expenses: WipExpense[] }> {
    return {
      time: await this.wip.freeTime(manager, scope),
      expenses: await this.wip.freeExpenses(manager, scope),
    };
  }

  /** Puts work on a pre-bill (`invoiceId`) or back into work in progress (`null`). */
  hold(
    manager: EntityManager,
    invoiceId: string | null,
    timeEntryIds: readonly string[],
    expenseIds: readonly string[],
  ): Promise<void> {
    return this.wip.hold(manager, invoiceId, timeEntryIds, expenseIds);
  }

  /** A discarded pre-bill gives its work back. */
  releaseInvoice(manager: EntityManager, invoiceId: string): Promise<void> {
    return this.wip.releaseInvoice(manager, invoiceId);
  }

  markBilled(
    manager: EntityManager,
    invoiceId: string,
    at: Date,
  ): Promise<{ timeEntryIds: string[]; expenseIds: string[] }> {
    return this.wip.markBilled(manager, invoiceId, at);
  }

  /** For reports, in the caller's transaction: billable time and expenses (in `currency`) unbilled on `asOf`. */
  async unbilledOn(
    manager: EntityManager,
    asOf: string,
    currency: string,
  ): Promise<{ time: UnbilledTimeRow[]; expenses: UnbilledExpenseRow[] }> {
    return {
      time: await this.wip.unbilledTimeOn(manager, asOf),
      expenses: await this.wip.unbilledExpensesOn(manager, asOf, currency),
    };
  }

  /** A reversed entry leaves work in progress (billed time is corrected by a credit note instead). */
  async removeReversedTime(
    envelope: EventEnvelope<TimeEntryReversedV1>,
    manager: EntityManager,
  ): Promise<void> {
    await this.wip.remove(manager, envelope.data.reversedEntryId);
  }

  async forMatter(
    actor: Actor,
    matterId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<WipView> {
    const after = decodeCursor(cursor, 'date');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const [matter, totals, rows, expenses] = [
        await this.matters.find(manager, matterId),
        await this.wip.totals(manager, matterId),
        await this.wip.page(manager, matterId, limit, after),
        await this.wip.unbilledExpenses(manager, matterId),
      ];
      if (!matter && totals.entryCount === 0 && expenses.length === 0)
        throw new NotFoundError('matter', matterId);
      const page = toPage(
        rows,
        limit,
        (row) => ({ sortKey: row.workDate, id: row.timeEntryId }),
        (row) => ({
          timeEntryId: row.timeEntryId,
          timekeeperId: row.timekeeperId,
          workDate: row.workDate,
          minutes: row.minutes,
          billedTenths: row.billedTenths,
          narrative: row.narrative,
          billable: row.billable,
          approvedAt: row.approvedAt.toISOString(),
          outsourced: row.outsourced,
          vendorId: row.vendorId,
          onPreBill: row.invoiceId !== null,
        }),
      );
      return {
        matterId,
        ...totals,
        ...page,
        expenses: expenses.map((expense) => ({
          expenseId: expense.expenseId,
          expenseDate: expense.expenseDate,
          expenseCode: expense.expenseCode,
          description: expense.description,
          amountMinor: minorAmountFromDb(expense.amountMinor),
          currency: expense.currency,
          billable: expense.billable,
          outsourced: expense.outsourced,
          vendorId: expense.vendorId,
          onPreBill: expense.invoiceId !== null,
        })),
      };
    });
  }
}
