import { stringify } from 'csv-stringify/sync';
import { formatMinor, formatRateBasisPoints, formatUnits } from '../ledes/ledes.service';
import type { LedesInvoice } from '../ledes/ledes.service';

const COLUMNS = [
  'invoice_number',
  'line_number',
  'type',
  'date',
  'timekeeper_id',
  'timekeeper_name',
  'classification',
  'task_code',
  'activity_code',
  'expense_code',
  'description',
  'units',
  'unit_cost',
  'adjustment',
  'net_amount',
  'tax_type',
  'tax_rate',
  'tax_amount',
  'total',
  'currency',
] as const;

/**
 * A spreadsheet opens a cell starting with = + - @ (or a tab or CR) as a formula; text cells that
 * do are written with a leading apostrophe so a narrative can never run as one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const safeText = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** The invoice's lines as CSV (RFC 4180, CRLF, a header row); amounts are plain decimals in the invoice currency. */
export function invoiceLinesCsv(invoice: LedesInvoice): string {
  const money = (amountMinor: number) => formatMinor(amountMinor, invoice.currency);
  const rows = [...invoice.lines]
    .sort((a, b) => a.lineNumber - b.lineNumber)
    .map((line) => [
      safeText(invoice.invoiceNumber),
      String(line.lineNumber),
      line.type,
      line.date,
      safeText(line.timekeeper?.id ?? ''),
      safeText(line.timekeeper ? `${line.timekeeper.lastName}, ${line.timekeeper.firstName}` : ''),
      line.timekeeper?.classification ?? '',
      line.taskCode ?? '',
      line.activityCode ?? '',
      line.expenseCode ?? '',
      safeText(line.description),
      formatUnits(line.unitsScaled),
      money(line.unitCostMinor),
      money(line.adjustmentMinor),
      money(line.totalMinor),
      safeText(line.tax?.type ?? ''),
      line.tax ? formatRateBasisPoints(line.tax.rateBasisPoints) : '',
      money(line.tax?.amountMinor ?? 0),
      money(line.totalMinor + (line.tax?.amountMinor ?? 0)),
      invoice.currency,
    ]);
  return stringify(rows, { header: true, columns: [...COLUMNS], record_delimiter: 'windows' });
}
