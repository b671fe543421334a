import { stringify } from 'csv-stringify/sync';

/** One line of a trust journal or ledger card, as the reports print it. */
export interface TrustReportLine {
  entryDate: string;
  entryId: string;
  kind: string;
  clientId: string | null;
  matterId: string | null;
  counterparty: string | null;
  method: string | null;
  reference: string | null;
  amountMinor: number;
  balanceAfterMinor: number;
  reversesEntryId: string | null;
  recordedBy: string;
  recordedAt: string;
}

const COLUMNS = [
  'entryDate',
  'entryId',
  'kind',
  'clientId',
  'matterId',
  'counterparty',
  'method',
  'reference',
  'amountMinor',
  'balanceAfterMinor',
  'reversesEntryId',
  'recordedBy',
  'recordedAt',
] as const;

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or CR) as a formula: free text (payer, payee,
 * reference) that does is written with a leading apostrophe. Amounts stay plain signed integers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const safeText = (text: string | null): string =>
  text === null ? '' : FORMULA_START.test(text) ? `'${text}` : text;

/** Trust entries as CSV (RFC 4180, CRLF, a header row), in the order given; amounts in minor units, signed. */
export function trustEntriesCsv(lines: readonly TrustReportLine[]): string {
  return stringify(
    lines.map((line) => [
      line.entryDate,
      line.entryId,
      line.kind,
      line.clientId ?? '',
      line.matterId ?? '',
      safeText(line.counterparty),
      safeText(line.method),
      safeText(line.reference),
      String(line.amountMinor),
      String(line.balanceAfterMinor),
      line.reversesEntryId ?? '',
      safeText(line.recordedBy),
      line.recordedAt,
    ]),
    { header: true, columns: [...COLUMNS], record_delimiter: 'windows' },
  );
}
