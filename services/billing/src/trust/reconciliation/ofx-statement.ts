import { Ofx } from 'ofx-data-extractor';
import { calendarDate, minorUnits, type StatementLine, type StatementProblem } from './reconciliation.rules';

/**
 * A bank statement in OFX (Open Financial Exchange), read with `ofx-data-extractor` (SGML 1.x and XML 2.x
 * files alike) and then checked here field by field: the parser is lenient about what it turns into
 * JSON, and a trust reconciliation must not guess. One bank statement (`BANKMSGSRSV1/STMTTRNRS/STMTRS`)
 * per file; its period (`BANKTRANLIST` DTSTART..DTEND), closing balance (`LEDGERBAL/BALAMT`) and currency
 * (`CURDEF`) come from the file. Amounts are read from their text as integer minor units, never as floats.
 */

export interface OfxStatement {
  periodStart: string;
  periodEnd: string;
  closingBalanceMinor: number;
  currency: string;
  /**
   * What makes two files the same statement: the bank account, the period, the closing balance and every
   * transaction (FITID, date, amount), not the bytes — a re-download differs in its header and DTSERVER.
   */
  contentKey: string;
  /** `row` is the transaction's position in the file (1 = the first STMTTRN). */
  lines: StatementLine[];
}

export type OfxReadResult =
  { statement: OfxStatement; problems: [] } | { statement: null; problems: StatementProblem[] };

type OfxRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is OfxRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() && value !== 'undefined' ? decodeEntities(value.trim()) : null;

/** OFX SGML escapes these three as XML does; the parser leaves them as written. */
function decodeEntities(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The problem as the API names it: `statementOfx.<OFX path>`. */
const problem = (field: string, message: string, row = 0): StatementProblem => ({
  row,
  field: field ? `statementOfx.${field}` : 'statementOfx',
  message,
});

/** Reads an OFX bank statement; every problem is reported, nothing guessed. */
export function parseStatementOfx(content: string, decimals = 2): OfxReadResult {
  const head = content.replace(/^\uFEFF/, '').trimStart();
  const sgml = /^OFXHEADER:\s*100\b/.test(head);
  const xml = /^<\?xml[^>]*\?>\s*<\?OFX\s[^>]*OFXHEADER="2\d\d"/.test(head);
  if (!sgml && !xml)
    return fail(
      problem(
        '',
        'not an OFX file: it must start with an OFX 1.x header (OFXHEADER:100) or an XML declaration and an OFX 2.x processing instruction (<?OFX OFXHEADER="200" ...?>)',
      ),
    );
  if (!/<OFX>/i.test(head) || !/<\/OFX>\s*$/i.test(head))
    return fail(problem('OFX', 'the file has no complete <OFX> ... </OFX> body (cut short?)'));
  let root: OfxRecord;
  try {
    const json = new Ofx(head, { parserMode: 'strict', nativeTypes: false }).toJson() as unknown;
    if (!isRecord(json) || !isRecord(json.OFX)) return fail(problem('OFX', 'the file has no <OFX> element'));
    root = json.OFX;
  } catch (error) {
    return fail(problem('OFX', `the OFX body could not be read: ${(error as Error).message}`));
  }
  const messages = root.BANKMSGSRSV1;
  if (!isRecord(messages))
    return fail(
      problem(
        'OFX.BANKMSGSRSV1',
        root.CREDITCARDMSGSRSV1
          ? 'a credit card statement is not a trust bank statement'
          : 'the file holds no bank statement (BANKMSGSRSV1)',
      ),
    );
  if (Array.isArray(messages.STMTTRNRS))
    return fail(problem('OFX.BANKMSGSRSV1.STMTTRNRS', 'import one bank statement per file'));
  const response = isRecord(messages.STMTTRNRS) ? messages.STMTTRNRS : null;
  const status = response && isRecord(response.STATUS) ? response.STATUS : null;
  if (status && text(status.CODE) !== null && text(status.CODE) !== '0')
    return fail(
      problem(
        'OFX.BANKMSGSRSV1.STMTTRNRS.STATUS',
        `the bank answered with status ${String(text(status.CODE))}${text(status.MESSAGE) ? `: ${String(text(status.MESSAGE))}` : ''}`,
      ),
    );
  const statement = response && isRecord(response.STMTRS) ? response.STMTRS : null;
  if (!statement) return fail(problem('OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS', 'the bank statement is missing'));

  const path = 'OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS';
  const problems: StatementProblem[] = [];
  const currency = text(statement.CURDEF);
  if (!currency || !/^[A-Z]{3}$/.test(currency))
    problems.push(problem(`${path}.CURDEF`, 'the statement must name its currency (ISO 4217)'));
  const account = isRecord(statement.BANKACCTFROM) ? statement.BANKACCTFROM : null;
  const bankAccountId = account ? text(account.ACCTID) : null;
  if (!bankAccountId) problems.push(problem(`${path}.BANKACCTFROM.ACCTID`, 'the bank account id is missing'));
  const list = isRecord(statement.BANKTRANLIST) ? statement.BANKTRANLIST : null;
  if (!list) return fail(problem(`${path}.BANKTRANLIST`, 'the transaction list is missing'));
  const periodStart = calendarDate(text(list.DTSTART) ?? '', 'YYYY-MM-DD');
  const periodEnd = calendarDate(text(list.DTEND) ?? '', 'YYYY-MM-DD');
  if (!periodStart) problems.push(problem(`${path}.BANKTRANLIST.DTSTART`, 'not a date (YYYYMMDD...)'));
  if (!periodEnd) problems.push(problem(`${path}.BANKTRANLIST.DTEND`, 'not a date (YYYYMMDD...)'));
  if (periodStart && periodEnd && periodStart > periodEnd)
    problems.push(problem(`${path}.BANKTRANLIST.DTSTART`, 'DTSTART must not be after DTEND'));
  const ledgerBalance = isRecord(statement.LEDGERBAL) ? statement.LEDGERBAL : null;
  const closingBalanceMinor = minorUnits(text(ledgerBalance?.BALAMT) ?? '', decimals);
  if (closingBalanceMinor === null)
    problems.push(
      problem(
        `${path}.LEDGERBAL.BALAMT`,
        `the closing (ledger) balance must be an amount with at most ${decimals} decimals`,
      ),
    );

  // The parser files the transactions under STRTTRN; the OFX name is STMTTRN. One may be an object.
  const listed = list.STRTTRN ?? list.STMTTRN ?? [];
  const transactions: unknown[] = Array.isArray(listed) ? listed : [listed];
  const lines: StatementLine[] = [];
  const fitIds = new Map<string, number>();
  const keys: string[] = [];
  transactions.forEach((transaction, index) => {
    const row = index + 1;
    const at = `${path}.BANKTRANLIST.STMTTRN[${index}]`;
    if (!isRecord(transaction)) {
      problems.push(problem(at, 'not a transaction', row));
      return;
    }
    const date = calendarDate(text(transaction.DTPOSTED) ?? '', 'YYYY-MM-DD');
    if (!date) problems.push(problem(`${at}.DTPOSTED`, 'not a date (YYYYMMDD...)', row));
    else if (periodStart && periodEnd && (date < periodStart || date > periodEnd))
      problems.push(
        problem(`${at}.DTPOSTED`, `the date ${date} is outside the statement's period (DTSTART..DTEND)`, row),
      );
    const amountMinor = minorUnits(text(transaction.TRNAMT) ?? '', decimals);
    if (amountMinor === null || amountMinor === 0)
      problems.push(problem(`${at}.TRNAMT`, `not an amount (non-zero, at most ${decimals} decimals)`, row));
    const fitId = text(transaction.FITID);
    if (!fitId) problems.push(problem(`${at}.FITID`, 'the transaction id (FITID) is missing', row));
    else if (fitIds.has(fitId))
      problems.push(
        problem(`${at}.FITID`, `FITID ${fitId} repeats transaction ${String(fitIds.get(fitId))}`, row),
      );
    else fitIds.set(fitId, row);
    const name = text(transaction.NAME);
    const memo = text(transaction.MEMO);
    keys.push(`${fitId ?? ''}|${date ?? ''}|${String(amountMinor)}`);
    if (date && amountMinor)
      lines.push({
        row,
        date,
        amountMinor,
        description: [name, memo].filter(Boolean).join(' — ').slice(0, 1000) || null,
        // What a trust entry records as its reference: the check number, else the bank's reference.
        reference: text(transaction.CHECKNUM) ?? text(transaction.REFNUM) ?? fitId,
      });
  });
  if (problems.length || !periodStart || !periodEnd || closingBalanceMinor === null || !currency)
    return { statement: null, problems };
  return {
    statement: {
      periodStart,
      periodEnd,
      closingBalanceMinor,
      currency,
      contentKey: [
        'ofx',
        bankAccountId ?? '',
        periodStart,
        periodEnd,
        String(closingBalanceMinor),
        ...keys.sort(),
      ].join('\n'),
      lines,
    },
    problems: [],
  };
}

function fail(first: StatementProblem): OfxReadResult {
  return { statement: null, problems: [first] };
}
