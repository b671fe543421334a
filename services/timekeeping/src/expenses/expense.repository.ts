import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import type { Expense, ExpenseStatus, NewExpense } from './expense.model';
import { minorAmountFromDb } from '@lawfirm/primitives';

/**
 * Every read returns the same columns under the model's names. `expense_date::text` because
 * node-postgres turns a date into a JavaScript Date at local midnight (a time-zone bug waiting
 * to happen); `amount_minor` arrives as a string (bigint) and is converted in `toExpense`.
 * Only a voided expense has a reversal, found through the (firm, matter) index.
 */
const COLUMNS = `
  e.id, e.firm_id AS "firmId", e.matter_id AS "matterId", e.timekeeper_id AS "timekeeperId",
  e.expense_date::text AS "expenseDate", e.expense_code AS "expenseCode", e.description,
  e.amount_minor AS "amountMinor", e.currency, e.receipt_document_ref AS "receiptDocumentRef",
  e.billable, e.outsourced, e.vendor_id AS "vendorId", e.status,
  e.submitted_at AS "submittedAt", e.approved_at AS "approvedAt", e.approved_by AS "approvedBy",
  e.rejected_at AS "rejectedAt", e.rejected_by AS "rejectedBy", e.rejection_reason AS "rejectionReason",
  e.billed_at AS "billedAt", e.invoice_id AS "invoiceId", e.reverses_expense_id AS "reversesExpenseId",
  CASE WHEN e.status = 'voided' THEN (
    SELECT r.id FROM expenses r
     WHERE r.firm_id = e.firm_id AND r.matter_id = e.matter_id AND r.reverses_expense_id = e.id
     LIMIT 1
  ) END AS "reversedByExpenseId",
  e.created_by AS "createdBy", e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

type ExpenseRow = Omit<Expense, 'amountMinor'> & { amountMinor: string | number };

function toExpense(row: ExpenseRow): Expense {
  return { ...row, amountMinor: minorAmountFromDb(row.amountMinor) };
}

/** Raw SQL for `expenses`; row-level security limits every statement to the transaction's firm. */
@Injectable()
export class ExpenseRepository {
  async insert(manager: EntityManager, expense: NewExpense): Promise<Expense> {
    const rows: ExpenseRow[] = await manager.query(
      `INSERT INTO expenses AS e (
         id, firm_id, matter_id, timekeeper_id, expense_date, expense_code, description, amount_minor, currency,
         receipt_document_ref, billable, outsourced, vendor_id, status, submitted_at, approved_at, approved_by,
         rejected_at, rejected_by, rejection_reason, billed_at, invoice_id, reverses_expense_id, created_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
       RETURNING ${COLUMNS}`,
      [
        expense.id,
        expense.firmId,
        expense.matterId,
        expense.timekeeperId,
        expense.expenseDate,
        expense.expenseCode,
        expense.description,
        expense.amountMinor,
        expense.currency,
        expense.receiptDocumentRef,
        expense.billable,
        expense.outsourced,
        expense.vendorId,
        expense.status,
        expense.submittedAt,
        expense.approvedAt,
        expense.approvedBy,
        expense.rejectedAt,
        expense.rejectedBy,
        expense.rejectionReason,
        expense.billedAt,
        expense.invoiceId,
        expense.reversesExpenseId,
        expense.createdBy,
        expense.updatedAt,
      ],
    );
    return toExpense(rows[0] as ExpenseRow);
  }

  async findById(manager: EntityManager, id: string): Promise<Expense | null> {
    const rows: ExpenseRow[] = await manager.query(`SELECT ${COLUMNS} FROM expenses e WHERE e.id = $1`, [id]);
    return rows[0] ? toExpense(rows[0]) : null;
  }

  /** Locks the row for a status transition so two approvals (or an approval and an edit) cannot both succeed. */
  async findForUpdate(manager: EntityManager, id: string): Promise<Expense | null> {
    const rows: ExpenseRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM expenses e WHERE e.id = $1 FOR UPDATE OF e`,
      [id],
    );
    return rows[0] ? toExpense(rows[0]) : null;
  }

  /** Writes every field a use case may change. (A CTE, so the driver returns rows rather than [rows, count].) */
  async save(manager: EntityManager, expense: Expense): Promise<Expense> {
    const rows: ExpenseRow[] = await manager.query(
      `WITH changed AS (
         UPDATE expenses SET
           expense_date = $2, expense_code = $3, description = $4, amount_minor = $5, currency = $6,
           receipt_document_ref = $7, billable = $8, outsourced = $9, vendor_id = $10, status = $11,
           submitted_at = $12, approved_at = $13, approved_by = $14, rejected_at = $15, rejected_by = $16,
           rejection_reason = $17, billed_at = $18, invoice_id = $19, updated_at = $20
         WHERE id = $1
         RETURNING *)
       SELECT ${COLUMNS} FROM changed e`,
      [
        expense.id,
        expense.expenseDate,
        expense.expenseCode,
        expense.description,
        expense.amountMinor,
        expense.currency,
        expense.receiptDocumentRef,
        expense.billable,
        expense.outsourced,
        expense.vendorId,
        expense.status,
        expense.submittedAt,
        expense.approvedAt,
        expense.approvedBy,
        expense.rejectedAt,
        expense.rejectedBy,
        expense.rejectionReason,
        expense.billedAt,
        expense.invoiceId,
        expense.updatedAt,
      ],
    );
    if (!rows[0]) throw new Error(`expense ${expense.id} vanished while being saved`);
    return toExpense(rows[0]);
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
    const rows: Array<{ billed: number }> = await manager.query(
      `WITH billed AS (
         UPDATE expenses SET status = 'billed', billed_at = $4, invoice_id = $3, updated_at = now()
          WHERE id = ANY($1::uuid[]) AND matter_id = $2 AND status = 'approved'
         RETURNING id)
       SELECT count(*)::int AS billed FROM billed`,
      [ids, matterId, invoiceId, billedAt],
    );
    return rows[0]?.billed ?? 0;
  }

  /** Newest first, keyset-paged at millisecond precision (the cursor's precision). */
  async list(
    manager: EntityManager,
    limit: number,
    filters: { matterId?: string; status?: ExpenseStatus },
    after?: CursorPosition,
  ): Promise<Expense[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.matterId) conditions.push(`e.matter_id = ${param(filters.matterId)}`);
    if (filters.status) conditions.push(`e.status = ${param(filters.status)}`);
    if (after) {
      conditions.push(
        `(date_trunc('milliseconds', e.created_at), e.id) < (${param(after.sortKey)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    const rows: ExpenseRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM expenses e
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY date_trunc('milliseconds', e.created_at) DESC, e.id DESC
        LIMIT ${param(limit + 1)}`,
      params,
    );
    return rows.map(toExpense);
  }
}
