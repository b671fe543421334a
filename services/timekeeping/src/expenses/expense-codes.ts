/**
 * UTBMS expense codes (the E-series), as expenses use them: a view over the one shared code set in
 * `codes/utbms.ts`.
 */
import { EXPENSE_CODES as UTBMS_EXPENSE_CODES, findUtbmsCode } from '../codes/utbms-code.service';

export const EXPENSE_CODES = UTBMS_EXPENSE_CODES.map(({ code, description }) => ({ code, description }));

export type ExpenseCode = string;

export const isExpenseCode = (value: unknown): value is ExpenseCode =>
  typeof value === 'string' && findUtbmsCode(value)?.set === 'expense';

/** The UTBMS description of a code, or undefined for anything that is not one. */
export const expenseCodeDescription = (code: string): string | undefined =>
  isExpenseCode(code) ? findUtbmsCode(code)?.description : undefined;
