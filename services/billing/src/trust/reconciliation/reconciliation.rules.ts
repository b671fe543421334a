import { parse } from 'csv-parse/sync';

/**
 * Bank reconciliation of a trust account (issue 12), as pure rules: a bank statement read from CSV through a
 * column mapping, statement lines matched to ledger entries (amount, date window, reference), and the
 * three-way reconciliation of a period with every difference listed. Storage, routes, sign-off and reports
 * are not built yet; these rules are what they will call.
 */

export type StatementDateFormat = 'YYYY-MM-DD' | 'MM/DD/YYYY' | 'DD/MM/YYYY';

/** Which CSV column holds what: one signed `amount` column, or `debit` and `credit` columns. */
export interface StatementColumnMapping {
  date: string;
  amount?: string;
  debit?: string;
  credit?: string;
  description?: string;
  reference?: string;
  dateFormat: StatementDateFormat;
}

export interface StatementLine {
  /** 1-based row of the file (the header is row 1). */
  row: number;
  date: string;
  /** Signed minor units: money into the account positive. */
  amountMinor: number;
  description: string | null;
  reference: string | null;
}

export interface StatementProblem {
  row: number;
  field: string;
  message: string;
}

const DATE_PATTERNS: Record<StatementDateFormat, RegExp> = {
  'YYYY-MM-DD': /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})$/,
  'MM/DD/YYYY': /^(?<month>\d{1,2})\/(?<day>\d{1,2})\/(?<year>\d{4})$/,
  'DD/MM/YYYY': /^(?<day>\d{1,2})\/(?<month>\d{1,2})\/(?<year>\d{4})$/,
};

/** The text as an ISO calendar date in the given format, or null when it is not a real date. */
export function calendarDate(text: string, format: StatementDateFormat): string | null {
  const groups = DATE_PATTERNS[format].exec(text.trim())?.groups;
  if (!groups) return null;
  const iso = `${groups.year}-${groups.month.padStart(2, '0')}-${groups.day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * A bank amount as integer minor units, read as text (never through a float): `1,234.56`, `-12.30`,
 * `(12.30)` (negative), `12` or `12.3`; more decimals than the currency has is refused.
 */
export function minorUnits(text: string, decimals = 2): number | null {
  const trimmed = text.trim().replace(/,/g, '');
  const match = /^(?<open>\()?(?<sign>[-+])?(?<whole>\d+)(?:\.(?<fraction>\d*))?(?<close>\))?$/.exec(trimmed);
  if (!match?.groups) return null;
  const { open, close, sign, whole, fraction = '' } = match.groups;
  if (Boolean(open) !== Boolean(close) || fraction.length > decimals) return null;
  const minor = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  return sign === '-' || open ? -minor : minor;
}

/** Reads a statement CSV (header row) through the mapping; every bad row is reported, none guessed. */
export function parseStatementCsv(
  text: string,
  mapping: StatementColumnMapping,
  decimals = 2,
): { lines: StatementLine[]; problems: StatementProblem[] } {
  const problems: StatementProblem[] = [];
  if (!mapping.amount && !(mapping.debit && mapping.credit))
    return {
      lines: [],
      problems: [{ row: 0, field: 'mapping', message: 'map either amount, or both debit and credit' }],
    };
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { lines: [], problems: [{ row: 0, field: 'content', message: (error as Error).message }] };
  }
  const header = Object.keys(records[0] ?? {});
  for (const [field, column] of Object.entries(mapping))
    if (field !== 'dateFormat' && column && records.length && !header.includes(column))
      problems.push({ row: 1, field: `mapping.${field}`, message: `the file has no column "${column}"` });
  if (problems.length) return { lines: [], problems };
  const lines: StatementLine[] = [];
  records.forEach((record, index) => {
    const row = index + 2;
    const date = calendarDate(record[mapping.date] ?? '', mapping.dateFormat);
    if (!date) problems.push({ row, field: mapping.date, message: `not a ${mapping.dateFormat} date` });
    let amountMinor: number | null;
    if (mapping.amount) amountMinor = minorUnits(record[mapping.amount] ?? '', decimals);
    else {
      const debit = (record[mapping.debit ?? ''] ?? '').trim();
      const credit = (record[mapping.credit ?? ''] ?? '').trim();
      const debitMinor = debit ? minorUnits(debit, decimals) : 0;
      const creditMinor = credit ? minorUnits(credit, decimals) : 0;
      amountMinor =
        debitMinor === null || creditMinor === null || (debit && credit)
          ? null
          : creditMinor - Math.abs(debitMinor);
    }
    if (amountMinor === null || amountMinor === 0)
      problems.push({
        row,
        field: mapping.amount ?? `${mapping.debit}/${mapping.credit}`,
        message: 'not an amount (one non-zero amount per line)',
      });
    if (date && amountMinor)
      lines.push({
        row,
        date,
        amountMinor,
        description: mapping.description ? record[mapping.description] || null : null,
        reference: mapping.reference ? record[mapping.reference] || null : null,
      });
  });
  return { lines: problems.length ? [] : lines, problems };
}

/** A ledger entry as reconciliation sees it. */
export interface BookEntry {
  id: string;
  ledgerId: string;
  entryDate: string;
  amountMinor: number;
  reference: string | null;
}

export interface Match {
  row: number;
  entryId: string;
}

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/**
 * Matches statement lines to entries one to one: same signed amount, dates at most `dateWindowDays` apart;
 * among candidates the same reference wins, then the closest date, then the earliest entry. Lines and
 * entries already matched (by hand) are left alone.
 */
export function autoMatch(
  lines: readonly StatementLine[],
  entries: readonly BookEntry[],
  dateWindowDays: number,
  existing: readonly Match[] = [],
): Match[] {
  const usedRows = new Set(existing.map((match) => match.row));
  const usedEntries = new Set(existing.map((match) => match.entryId));
  const matches: Match[] = [];
  const ordered = [...lines].sort((a, b) => a.date.localeCompare(b.date) || a.row - b.row);
  for (const line of ordered) {
    if (usedRows.has(line.row)) continue;
    const candidates = entries
      .filter(
        (entry) =>
          !usedEntries.has(entry.id) &&
          entry.amountMinor === line.amountMinor &&
          daysBetween(entry.entryDate, line.date) <= dateWindowDays,
      )
      .sort(
        (a, b) =>
          Number(b.reference !== null && b.reference === line.reference) -
            Number(a.reference !== null && a.reference === line.reference) ||
          daysBetween(a.entryDate, line.date) - daysBetween(b.entryDate, line.date) ||
          a.entryDate.localeCompare(b.entryDate) ||
          a.id.localeCompare(b.id),
      );
    const chosen = candidates[0];
    if (!chosen) continue;
    usedEntries.add(chosen.id);
    matches.push({ row: line.row, entryId: chosen.id });
  }
  return matches;
}

export type Difference =
  | {
      kind: 'unmatched-statement-line';
      row: number;
      date: string;
      amountMinor: number;
      description: string | null;
    }
  | { kind: 'outstanding-entry'; entryId: string; date: string; amountMinor: number }
  | { kind: 'ledger-disagrees'; ledgerId: string; ledgerBalanceMinor: number; entriesMinor: number };

export interface ThreeWayReconciliation {
  periodEnd: string;
  statementBalanceMinor: number;
  outstandingDepositsMinor: number;
  outstandingChecksMinor: number;
  adjustedBankBalanceMinor: number;
  bookBalanceMinor: number;
  clientLedgersMinor: number;
  firmFundsMinor: number;
  balanced: boolean;
  differences: Difference[];
}

/**
 * Three-way reconciliation at `periodEnd`: adjusted bank balance (statement balance + deposits in the books
 * the bank has not shown − checks the bank has not paid) = book balance (entries up to the period end) =
 * client ledgers + the firm's funds line, each ledger's balance taken from its stored row and compared with
 * its own entries. Every difference is listed: statement lines the books lack (a bank fee, a doubled check,
 * a deposit never recorded), entries the bank has not shown, and ledgers whose balance disagrees with their
 * entries (money moved by a wrong entry).
 */
export function threeWayReconciliation(input: {
  periodEnd: string;
  statementBalanceMinor: number;
  lines: readonly StatementLine[];
  entries: readonly BookEntry[];
  matches: readonly Match[];
  ledgers: ReadonlyArray<{ id: string; kind: 'client' | 'firm-funds'; balanceMinor: number }>;
}): ThreeWayReconciliation {
  const inPeriod = input.entries.filter((entry) => entry.entryDate <= input.periodEnd);
  const matchedRows = new Set(input.matches.map((match) => match.row));
  const matchedEntries = new Set(input.matches.map((match) => match.entryId));
  const outstanding = inPeriod.filter((entry) => !matchedEntries.has(entry.id));
  const outstandingDepositsMinor = outstanding
    .filter((entry) => entry.amountMinor > 0)
    .reduce((sum, entry) => sum + entry.amountMinor, 0);
  const outstandingChecksMinor = -outstanding
    .filter((entry) => entry.amountMinor < 0)
    .reduce((sum, entry) => sum + entry.amountMinor, 0);
  const adjustedBankBalanceMinor =
    input.statementBalanceMinor + outstandingDepositsMinor - outstandingChecksMinor;
  const bookBalanceMinor = inPeriod.reduce((sum, entry) => sum + entry.amountMinor, 0);
  const byLedger = new Map<string, number>();
  for (const entry of inPeriod)
    byLedger.set(entry.ledgerId, (byLedger.get(entry.ledgerId) ?? 0) + entry.amountMinor);
  const clientLedgersMinor = input.ledgers
    .filter((ledger) => ledger.kind === 'client')
    .reduce((sum, ledger) => sum + ledger.balanceMinor, 0);
  const firmFundsMinor = input.ledgers
    .filter((ledger) => ledger.kind === 'firm-funds')
    .reduce((sum, ledger) => sum + ledger.balanceMinor, 0);
  const differences: Difference[] = [
    ...input.lines
      .filter((line) => !matchedRows.has(line.row) && line.date <= input.periodEnd)
      .map((line): Difference => ({
        kind: 'unmatched-statement-line',
        row: line.row,
        date: line.date,
        amountMinor: line.amountMinor,
        description: line.description,
      })),
    ...outstanding.map((entry): Difference => ({
      kind: 'outstanding-entry',
      entryId: entry.id,
      date: entry.entryDate,
      amountMinor: entry.amountMinor,
    })),
    ...input.ledgers
      .filter((ledger) => ledger.balanceMinor !== (byLedger.get(ledger.id) ?? 0))
      .map((ledger): Difference => ({
        kind: 'ledger-disagrees',
        ledgerId: ledger.id,
        ledgerBalanceMinor: ledger.balanceMinor,
        entriesMinor: byLedger.get(ledger.id) ?? 0,
      })),
  ];
  const balanced =
    adjustedBankBalanceMinor === bookBalanceMinor &&
    bookBalanceMinor === clientLedgersMinor + firmFundsMinor &&
    !differences.some((difference) => difference.kind !== 'outstanding-entry');
  return {
    periodEnd: input.periodEnd,
    statementBalanceMinor: input.statementBalanceMinor,
    outstandingDepositsMinor,
    outstandingChecksMinor,
    adjustedBankBalanceMinor,
    bookBalanceMinor,
    clientLedgersMinor,
    firmFundsMinor,
    balanced,
    differences,
  };
}
