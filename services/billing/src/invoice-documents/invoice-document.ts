import type { CalendarDate } from '@lawfirm/primitives';
import type { LedesInvoice, LedesLine } from '../ledes/ledes.service';

/**
 * What an invoice's PDF and CSV are made from: the same invoice the LEDES writers take, plus what
 * only a printed invoice shows (letterhead contacts, due date, the account's previous balance and
 * payments since, how to pay). Amounts are integer minor units of the invoice's currency.
 */
export interface InvoiceDocument {
  invoice: LedesInvoice;
  letterhead: { phone?: string; email?: string; website?: string };
  dueDate?: CalendarDate;
  /** What the client owed before this invoice; absent, the invoice shows no account history. */
  previousBalanceMinor?: number;
  /** Payments received since the previous invoice (a positive number reduces what is due). */
  paymentsReceivedMinor?: number;
  /** Credit notes issued against this invoice (a positive number reduces what is due). */
  creditedMinor?: number;
  /** Lines printed under "How to pay" (bank, account, reference to quote). */
  paymentInstructions: string[];
  /** Fee lines grouped by who did the work or by UTBMS task. */
  groupFeesBy: 'timekeeper' | 'task';
  /** Names of UTBMS task codes, for group headings ("L110 Fact Investigation/Development"). */
  taskNames?: Readonly<Record<string, string>>;
  /**
   * Funds held in trust for the invoice's matters at the end of its issue day (issue 12), one row per
   * matter and trust account; absent or empty, the invoice prints no trust block.
   */
  trustHeld?: {
    asOf: CalendarDate;
    items: Array<{
      matterNumber: string | null;
      matterTitle: string | null;
      currency: string;
      heldMinor: number;
    }>;
  };
}

export interface FeeGroup {
  key: string;
  heading: string;
  lines: LedesLine[];
  unitsScaled: number;
  totalMinor: number;
}

export interface InvoiceTotals {
  feesMinor: number;
  expensesMinor: number;
  /** Invoice-level adjustments (IF/IE lines); negative for a discount. */
  adjustmentsMinor: number;
  /** Fees + expenses + adjustments, before tax. */
  netMinor: number;
  /** Tax per type and rate, in the order first met. */
  taxes: Array<{ type: string; rateBasisPoints: number; amountMinor: number; registrationNumber?: string }>;
  taxMinor: number;
  /** This invoice: net + tax. */
  invoiceTotalMinor: number;
  previousBalanceMinor?: number;
  paymentsReceivedMinor?: number;
  creditedMinor?: number;
  /** Previous balance − payments − credit notes + this invoice. */
  amountDueMinor: number;
}

/** The figures a printed invoice shows, summed from its lines (never re-rounded: each line is already). */
export function invoiceTotals(document: InvoiceDocument): InvoiceTotals {
  const sum = (lines: readonly LedesLine[]) => lines.reduce((total, line) => total + line.totalMinor, 0);
  const { lines } = document.invoice;
  const feesMinor = sum(lines.filter((line) => line.type === 'fee'));
  const expensesMinor = sum(lines.filter((line) => line.type === 'expense'));
  const adjustmentsMinor = sum(
    lines.filter((line) => line.type === 'fee-adjustment' || line.type === 'expense-adjustment'),
  );
  const taxes: InvoiceTotals['taxes'] = [];
  for (const line of lines) {
    if (!line.tax) continue;
    const same = taxes.find(
      (tax) => tax.type === line.tax!.type && tax.rateBasisPoints === line.tax!.rateBasisPoints,
    );
    if (same) same.amountMinor += line.tax.amountMinor;
    else
      taxes.push({
        type: line.tax.type,
        rateBasisPoints: line.tax.rateBasisPoints,
        amountMinor: line.tax.amountMinor,
        ...(line.tax.registrationNumber ? { registrationNumber: line.tax.registrationNumber } : {}),
      });
  }
  const netMinor = feesMinor + expensesMinor + adjustmentsMinor;
  const taxMinor = taxes.reduce((total, tax) => total + tax.amountMinor, 0);
  const invoiceTotalMinor = netMinor + taxMinor;
  return {
    feesMinor,
    expensesMinor,
    adjustmentsMinor,
    netMinor,
    taxes,
    taxMinor,
    invoiceTotalMinor,
    ...(document.previousBalanceMinor === undefined
      ? {}
      : { previousBalanceMinor: document.previousBalanceMinor }),
    ...(document.paymentsReceivedMinor === undefined
      ? {}
      : { paymentsReceivedMinor: document.paymentsReceivedMinor }),
    ...(document.creditedMinor === undefined ? {} : { creditedMinor: document.creditedMinor }),
    amountDueMinor:
      (document.previousBalanceMinor ?? 0) -
      (document.paymentsReceivedMinor ?? 0) -
      (document.creditedMinor ?? 0) +
      invoiceTotalMinor,
  };
}

/** Fee lines in groups (by timekeeper or task), each group in date order, groups in order of first work. */
export function feeGroups(document: InvoiceDocument): FeeGroup[] {
  const groups = new Map<string, FeeGroup>();
  const fees = document.invoice.lines
    .filter((line) => line.type === 'fee')
    .sort((a, b) => (a.date === b.date ? a.lineNumber - b.lineNumber : a.date < b.date ? -1 : 1));
  for (const line of fees) {
    const [key, heading] = groupOf(document, line);
    const group = groups.get(key) ?? { key, heading, lines: [], unitsScaled: 0, totalMinor: 0 };
    group.lines.push(line);
    group.unitsScaled += line.unitsScaled;
    group.totalMinor += line.totalMinor;
    groups.set(key, group);
  }
  return [...groups.values()];
}

const CLASSIFICATION_NAMES: Readonly<Record<string, string>> = {
  PT: 'Partner',
  AS: 'Associate',
  OC: 'Of Counsel',
  LA: 'Legal Assistant',
  PL: 'Paralegal',
  OT: 'Other',
};

function groupOf(document: InvoiceDocument, line: LedesLine): [string, string] {
  if (document.groupFeesBy === 'task') {
    const code = line.taskCode ?? '';
    if (!code) return ['', 'Other work'];
    const name = document.taskNames?.[code];
    return [code, name ? `${code} ${name}` : code];
  }
  const keeper = line.timekeeper;
  if (!keeper) return ['', 'Other work'];
  return [
    keeper.id,
    `${keeper.firstName} ${keeper.lastName}, ${CLASSIFICATION_NAMES[keeper.classification] ?? keeper.classification}`,
  ];
}
