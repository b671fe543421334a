import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import { assertMayAct, type Actor } from '@lawfirm/auth';
import {
  ExpenseApprovedV1,
  ExpenseReversedV1,
  uuidv7,
  type EventEnvelope,
  type InvoiceIssuedV1,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import type { CreateExpenseDto, ExpenseView, ReversedExpenseView, UpdateExpenseDto } from './dto/expense.dto';
import { expenseCodeDescription } from './expense-codes';
import { isFutureDate } from '@lawfirm/primitives';
import { expenseAudit, expenseSnapshot } from './expense.events';
import { InvalidExpenseTransitionError } from './expense.exception';
import type { ExpenseStatus, ExpenseWithReversal } from './expense.entity';
import { ExpenseRepository } from './expense.repository';
import { MatterService } from '../matters/matter.service';
import { auditingDenials } from '../access-denials';
import { TIMEKEEPING_POLICY, type TimekeepingAction } from '../access-policy';

/**
 * Expenses follow the time-entry workflow: draft → submitted → approved | rejected (back to
 * draft by an edit) → billed by billing's invoice; approved or billed money is never rewritten,
 * only voided by a reversal that carries its negative.
 */
@Injectable()
export class ExpenseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly expenses: ExpenseRepository,
    private readonly matters: MatterService,
  ) {}

  /** Records a draft expense of the caller's on an open matter. */
  async create(actor: Actor, input: CreateExpenseDto, now = new Date()): Promise<ExpenseView> {
    refuseFutureDate(input.expenseDate, now);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.matters.requireOpen(manager, input.matterId, 'expenses');
      const expense = await this.expenses.insert(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        matterId: input.matterId,
        timekeeperId: actor.subject,
        expenseDate: input.expenseDate,
        expenseCode: input.expenseCode,
        description: input.description,
        amountMinor: input.amountMinor,
        currency: input.currency,
        receiptDocumentRef: input.receiptDocumentRef ?? null,
        billable: input.billable ?? true,
        // A vendor's cost is passed through to the client at cost: billing applies no markup to it.
        outsourced: input.vendorId !== undefined,
        vendorId: input.vendorId ?? null,
        status: 'draft',
        submittedAt: null,
        approvedAt: null,
        approvedBy: null,
        rejectedAt: null,
        rejectedBy: null,
        rejectionReason: null,
        billedAt: null,
        invoiceId: null,
        reversesExpenseId: null,
        createdBy: actor.subject,
        updatedAt: now,
      });
      await recordChange(manager, actor, { action: 'expense.created', ...expenseAudit(expense) });
      return toExpenseView(expense);
    });
  }

  /** Edits a draft, or a rejected expense, which returns to draft for resubmission. */
  async update(actor: Actor, id: string, input: UpdateExpenseDto, now = new Date()): Promise<ExpenseView> {
    if (input.expenseDate !== undefined) refuseFutureDate(input.expenseDate, now);
    return this.guarded(actor, id, async (manager) => {
      const expense = await this.lock(manager, id);
      assertMayActOn(actor, 'expense.edit', expense);
      if (expense.status !== 'draft' && expense.status !== 'rejected') {
        throw new InvalidExpenseTransitionError('edit', expense.status, 'draft or rejected');
      }
      await this.matters.requireOpen(manager, expense.matterId, 'expenses');
      if (input.expenseDate !== undefined) expense.expenseDate = input.expenseDate;
      if (input.expenseCode !== undefined) expense.expenseCode = input.expenseCode;
      if (input.description !== undefined) expense.description = input.description;
      if (input.amountMinor !== undefined) expense.amountMinor = input.amountMinor;
      if (input.currency !== undefined) expense.currency = input.currency;
      if (input.receiptDocumentRef !== undefined) expense.receiptDocumentRef = input.receiptDocumentRef;
      if (input.billable !== undefined) expense.billable = input.billable;
      if (input.vendorId !== undefined) {
        expense.vendorId = input.vendorId;
        expense.outsourced = input.vendorId !== null;
      }
      Object.assign(expense, { status: 'draft', updatedAt: now });
      const saved = await this.expenses.save(manager, expense);
      await recordChange(manager, actor, { action: 'expense.updated', ...expenseAudit(saved) });
      return toExpenseView(saved);
    });
  }

  async submit(actor: Actor, id: string): Promise<ExpenseView> {
    return this.guarded(actor, id, async (manager) => {
      const expense = await this.lock(manager, id);
      assertMayActOn(actor, 'expense.submit', expense);
      if (expense.status !== 'draft')
        throw new InvalidExpenseTransitionError('submit', expense.status, 'draft');
      // The matter may have closed since the draft was written.
      await this.matters.requireOpen(manager, expense.matterId, 'expenses');
      const now = new Date();
      Object.assign(expense, { status: 'submitted', submittedAt: now, updatedAt: now });
      const saved = await this.expenses.save(manager, expense);
      await recordChange(manager, actor, { action: 'expense.submitted', ...expenseAudit(saved) });
      return toExpenseView(saved);
    });
  }

  /** Approval is what billing acts on: the expense becomes work in progress at its amount. */
  async approve(actor: Actor, id: string): Promise<ExpenseView> {
    return this.guarded(actor, id, async (manager) => {
      const expense = await this.lock(manager, id);
      assertMayActOn(actor, 'expense.approve', expense);
      if (expense.status !== 'submitted')
        throw new InvalidExpenseTransitionError('approve', expense.status, 'submitted');
      const now = new Date();
      Object.assign(expense, {
        status: 'approved',
        approvedAt: now,
        approvedBy: actor.subject,
        updatedAt: now,
      });
      const saved = await this.expenses.save(manager, expense);
      await recordChange(manager, actor, {
        action: 'expense.approved',
        ...expenseAudit(saved),
        events: [
          {
            type: ExpenseApprovedV1.type,
            aggregateId: saved.id,
            data: { ...expenseSnapshot(saved), approvedAt: now.toISOString(), approvedBy: actor.subject },
          },
        ],
      });
      return toExpenseView(saved);
    });
  }

  async reject(actor: Actor, id: string, reason: string): Promise<ExpenseView> {
    return this.guarded(actor, id, async (manager) => {
      const expense = await this.lock(manager, id);
      assertMayActOn(actor, 'expense.reject', expense);
      if (expense.status !== 'submitted')
        throw new InvalidExpenseTransitionError('reject', expense.status, 'submitted');
      const now = new Date();
      Object.assign(expense, {
        status: 'rejected',
        rejectedAt: now,
        rejectedBy: actor.subject,
        rejectionReason: reason,
        updatedAt: now,
      });
      const saved = await this.expenses.save(manager, expense);
      await recordChange(manager, actor, { action: 'expense.rejected', ...expenseAudit(saved) });
      return toExpenseView(saved);
    });
  }

  /**
   * Corrects approved or billed money without rewriting it: the original is voided and a new,
   * already approved expense carries its negative, so totals net to zero and history stays.
   */
  async reverse(actor: Actor, id: string, reason?: string): Promise<ReversedExpenseView> {
    return this.guarded(actor, id, async (manager) => {
      const original = await this.lock(manager, id);
      assertMayActOn(actor, 'expense.reverse', original);
      if (original.status !== 'approved' && original.status !== 'billed') {
        throw new InvalidExpenseTransitionError('reverse', original.status, 'approved or billed');
      }
      const now = new Date();
      const reversal = await this.expenses.insert(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        matterId: original.matterId,
        timekeeperId: original.timekeeperId,
        expenseDate: original.expenseDate,
        expenseCode: original.expenseCode,
        description: `Reversal of ${original.id}${reason ? `: ${reason}` : ''}`,
        amountMinor: -original.amountMinor,
        currency: original.currency,
        receiptDocumentRef: original.receiptDocumentRef,
        billable: original.billable,
        outsourced: original.outsourced,
        vendorId: original.vendorId,
        status: 'approved',
        submittedAt: null,
        approvedAt: now,
        approvedBy: actor.subject,
        rejectedAt: null,
        rejectedBy: null,
        rejectionReason: null,
        billedAt: null,
        invoiceId: null,
        reversesExpenseId: original.id,
        createdBy: actor.subject,
        updatedAt: now,
      });
      Object.assign(original, { status: 'voided', updatedAt: now });
      const voided = await this.expenses.save(manager, original);
      await recordChange(manager, actor, { action: 'expense.voided', ...expenseAudit(voided) });
      await recordChange(manager, actor, {
        action: 'expense.reversed',
        ...expenseAudit(reversal),
        events: [
          {
            type: ExpenseReversedV1.type,
            // Keyed by the expense it reverses, so billing never sees the reversal before the approval it cancels.
            aggregateId: original.id,
            data: {
              ...expenseSnapshot(reversal),
              reversedExpenseId: original.id,
              approvedAt: now.toISOString(),
              approvedBy: actor.subject,
              ...(reason ? { reason } : {}),
            },
          },
        ],
      });
      return { reversed: toExpenseView(voided), reversal: toExpenseView(reversal) };
    });
  }

  /** Billing issued an invoice: its approved expenses become billed (runs in the consumer's transaction). */
  async markBilled(envelope: EventEnvelope<InvoiceIssuedV1>, manager: EntityManager): Promise<number> {
    const { expenseIds, matterId, invoiceId, issuedAt } = envelope.data;
    return this.expenses.markBilled(manager, expenseIds, matterId, invoiceId, new Date(issuedAt));
  }

  async get(actor: Actor, id: string): Promise<ExpenseView> {
    const expense = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.expenses.findById(manager, id),
    );
    if (!expense) throw new NotFoundError('expense', id);
    return toExpenseView(expense);
  }

  async list(
    actor: Actor,
    filters: { matterId?: string; status?: ExpenseStatus },
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<ExpenseView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.expenses.list(manager, limit, filters, after),
    );
    return toPage(
      rows,
      limit,
      (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }),
      toExpenseView,
    );
  }

  /** One transaction for a change to expense `id`; a refusal by an access rule is audited. */
  private guarded<T>(actor: Actor, id: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return auditingDenials(this.dataSource, actor, { type: 'expense', id }, () =>
      withTenant(this.dataSource, actor.firmId, work),
    );
  }

  private async lock(manager: EntityManager, id: string): Promise<ExpenseWithReversal> {
    const expense = await this.expenses.findForUpdate(manager, id);
    if (!expense) throw new NotFoundError('expense', id);
    return expense;
  }
}

function refuseFutureDate(expenseDate: string, now: Date): void {
  if (isFutureDate(expenseDate, now)) {
    throw new ValidationFailedError([
      { field: 'expenseDate', message: 'expenseDate cannot be in the future' },
    ]);
  }
}

export function toExpenseView(expense: ExpenseWithReversal): ExpenseView {
  const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
  return {
    id: expense.id,
    matterId: expense.matterId,
    timekeeperId: expense.timekeeperId,
    expenseDate: expense.expenseDate,
    expenseCode: expense.expenseCode,
    expenseCodeDescription: expenseCodeDescription(expense.expenseCode) ?? expense.expenseCode,
    description: expense.description,
    amountMinor: expense.amountMinor,
    currency: expense.currency,
    receiptDocumentRef: expense.receiptDocumentRef,
    billable: expense.billable,
    outsourced: expense.outsourced,
    vendorId: expense.vendorId,
    status: expense.status,
    createdAt: expense.createdAt.toISOString(),
    submittedAt: iso(expense.submittedAt),
    approvedAt: iso(expense.approvedAt),
    approvedBy: expense.approvedBy,
    rejectedAt: iso(expense.rejectedAt),
    rejectionReason: expense.rejectionReason,
    billedAt: iso(expense.billedAt),
    invoiceId: expense.invoiceId,
    reversesExpenseId: expense.reversesExpenseId,
    reversedByExpenseId: expense.reversedByExpenseId,
  };
}

/**
 * The policy's own-versus-anyone's rule for `expense`: the caller's own expense is one they spent
 * (its timekeeper is their token subject); approving, rejecting or reversing one's own needs a
 * self-approving role.
 */
function assertMayActOn(
  actor: Actor,
  action: TimekeepingAction,
  expense: Pick<ExpenseWithReversal, 'timekeeperId'>,
): void {
  const approval =
    action === 'expense.approve' || action === 'expense.reject' || action === 'expense.reverse';
  assertMayAct(actor, TIMEKEEPING_POLICY, action, expense.timekeeperId === actor.subject, {
    approval,
    noun: 'expense',
  });
}
