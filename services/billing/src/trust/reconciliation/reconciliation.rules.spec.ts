import {
  autoMatch,
  minorUnits,
  parseStatementCsv,
  threeWayReconciliation,
  type BookEntry,
} from './reconciliation.rules';

const LEDGER_A = 'ledger-a';
const LEDGER_B = 'ledger-b';
const FIRM_FUNDS = 'firm-funds';

/** The books of a quiet month: two deposits, a check, a transfer; the firm keeps 50.00 for fees. */
const ENTRIES: BookEntry[] = [
  { id: 'e1', ledgerId: LEDGER_A, entryDate: '2026-10-01', amountMinor: 500000, reference: 'WIRE-1' },
  { id: 'e2', ledgerId: LEDGER_B, entryDate: '2026-10-03', amountMinor: 120000, reference: 'CHK 9' },
  { id: 'e3', ledgerId: LEDGER_A, entryDate: '2026-10-10', amountMinor: -75000, reference: 'CHK 1001' },
  { id: 'e4', ledgerId: LEDGER_B, entryDate: '2026-10-20', amountMinor: -20000, reference: 'TRF-1' },
  { id: 'e5', ledgerId: FIRM_FUNDS, entryDate: '2026-10-01', amountMinor: 5000, reference: null },
];
const LEDGERS = [
  { id: LEDGER_A, kind: 'client' as const, balanceMinor: 425000 },
  { id: LEDGER_B, kind: 'client' as const, balanceMinor: 100000 },
  { id: FIRM_FUNDS, kind: 'firm-funds' as const, balanceMinor: 5000 },
];
const STATEMENT = [
  'Date,Description,Debit,Credit,Ref',
  '10/01/2026,Incoming wire,,"5,000.00",WIRE-1',
  '10/01/2026,Firm funds,,50.00,',
  '10/04/2026,Deposit,,1200.00,CHK 9',
  '10/12/2026,Check 1001,750.00,,CHK 1001',
  '10/21/2026,Transfer to operating,200.00,,TRF-1',
].join('\n');
const MAPPING = {
  date: 'Date',
  debit: 'Debit',
  credit: 'Credit',
  description: 'Description',
  reference: 'Ref',
  dateFormat: 'MM/DD/YYYY' as const,
};

function reconcile(csv: string, entries = ENTRIES, ledgers = LEDGERS, statementBalanceMinor = 530000) {
  const { lines, problems } = parseStatementCsv(csv, MAPPING);
  expect(problems).toEqual([]);
  return threeWayReconciliation({
    periodEnd: '2026-10-31',
    statementBalanceMinor,
    lines,
    entries,
    matches: autoMatch(lines, entries, 3),
    ledgers,
  });
}

describe('reconciliation rules', () => {
  it('reads bank amounts as integer minor units, never through a float', () => {
    expect(minorUnits('1,234.56')).toBe(123456);
    expect(minorUnits('-12.3')).toBe(-1230);
    expect(minorUnits('(12.30)')).toBe(-1230);
    expect(minorUnits('0.1')).toBe(10);
    expect(minorUnits('12.345')).toBeNull();
    expect(minorUnits('12,30 EUR')).toBeNull();
    expect(minorUnits('(12.30')).toBeNull();
  });

  it('maps columns, and reports every bad row and unknown column instead of guessing', () => {
    const parsed = parseStatementCsv('When,Amount\n2026-10-01,10.00\n2026-02-30,5\n2026-10-02,abc\n', {
      date: 'When',
      amount: 'Amount',
      dateFormat: 'YYYY-MM-DD',
    });
    expect(parsed.lines).toEqual([]);
    expect(parsed.problems.map((problem) => [problem.row, problem.field])).toEqual([
      [3, 'When'],
      [4, 'Amount'],
    ]);
    expect(
      parseStatementCsv('A,B\n1,2\n', { date: 'When', amount: 'B', dateFormat: 'YYYY-MM-DD' }).problems,
    ).toEqual([{ row: 1, field: 'mapping.date', message: 'the file has no column "When"' }]);
  });

  it('matches by amount within the date window, preferring the same reference, one to one', () => {
    const { lines } = parseStatementCsv(STATEMENT, MAPPING);
    expect(autoMatch(lines, ENTRIES, 3)).toEqual([
      { row: 2, entryId: 'e1' },
      { row: 3, entryId: 'e5' },
      { row: 4, entryId: 'e2' },
      { row: 5, entryId: 'e3' },
      { row: 6, entryId: 'e4' },
    ]);
    // Outside the window nothing matches; a line matched by hand is left alone.
    expect(autoMatch(lines, ENTRIES, 0).map((match) => match.entryId)).toEqual(['e1', 'e5']);
    expect(autoMatch(lines, ENTRIES, 3, [{ row: 2, entryId: 'e1' }])).toHaveLength(4);
  });

  it('balances three ways when there is no difference', () => {
    const result = reconcile(STATEMENT);
    expect(result).toMatchObject({
      adjustedBankBalanceMinor: 530000,
      bookBalanceMinor: 530000,
      clientLedgersMinor: 525000,
      firmFundsMinor: 5000,
      balanced: true,
      differences: [],
    });
  });

  it('lists every seeded difference: a missing deposit, a doubled check, a bank fee, a ledger moved by a wrong entry', () => {
    const statement = [
      STATEMENT,
      '10/15/2026,Deposit not in the books,,300.00,DEP-X',
      '10/13/2026,Check 1001,750.00,,CHK 1001',
      '10/31/2026,Service fee,15.00,,',
    ].join('\n');
    const ledgers = [
      { ...LEDGERS[0], balanceMinor: 415000 },
      { ...LEDGERS[1], balanceMinor: 110000 },
      LEDGERS[2],
    ];
    const result = reconcile(statement, ENTRIES, ledgers, 530000 + 30000 - 75000 - 1500);
    expect(result.balanced).toBe(false);
    expect(result.differences).toEqual([
      {
        kind: 'unmatched-statement-line',
        row: 7,
        date: '2026-10-15',
        amountMinor: 30000,
        description: 'Deposit not in the books',
      },
      {
        kind: 'unmatched-statement-line',
        row: 8,
        date: '2026-10-13',
        amountMinor: -75000,
        description: 'Check 1001',
      },
      {
        kind: 'unmatched-statement-line',
        row: 9,
        date: '2026-10-31',
        amountMinor: -1500,
        description: 'Service fee',
      },
      { kind: 'ledger-disagrees', ledgerId: LEDGER_A, ledgerBalanceMinor: 415000, entriesMinor: 425000 },
      { kind: 'ledger-disagrees', ledgerId: LEDGER_B, ledgerBalanceMinor: 110000, entriesMinor: 100000 },
    ]);
  });

  it('carries a check the bank has not paid as outstanding, and still balances', () => {
    const withoutCheck = STATEMENT.split('\n')
      .filter((line) => !line.includes('Check 1001'))
      .join('\n');
    const result = reconcile(withoutCheck, ENTRIES, LEDGERS, 530000 + 75000);
    expect(result).toMatchObject({
      outstandingChecksMinor: 75000,
      adjustedBankBalanceMinor: 530000,
      balanced: true,
    });
    expect(result.differences).toEqual([
      { kind: 'outstanding-entry', entryId: 'e3', date: '2026-10-10', amountMinor: -75000 },
    ]);
  });
});
