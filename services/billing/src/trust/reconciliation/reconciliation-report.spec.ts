import { writeFileSync } from 'node:fs';
import {
  ledgerName,
  reconciliationCsv,
  renderReconciliationPdf,
  type ReconciliationReportDocument,
} from './reconciliation-report';

const document: ReconciliationReportDocument = {
  account: { name: 'IOLTA', accountLast4: '1234', currency: 'USD', bankName: 'First Bank' },
  generatedAt: '2026-11-28T01:00:00.000Z',
  ledgerNames: {
    '9b2f4c1e-0000-4000-8000-000000000005': 'Acme Corp · matter 2026-0042 Acme v. Widget Co',
    '9b2f4c1e-0000-4000-8000-000000000007': 'Jane Roe · matter 2026-0007 Estate of Roe',
  },
  entryLedgers: { '9b2f4c1e-0000-4000-8000-000000000006': '9b2f4c1e-0000-4000-8000-000000000007' },
  reconciliation: {
    id: '9b2f4c1e-0000-4000-8000-000000000001',
    accountId: '9b2f4c1e-0000-4000-8000-000000000002',
    statementId: '9b2f4c1e-0000-4000-8000-000000000003',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-27',
    statementBalanceMinor: 398500,
    outstandingDepositsMinor: 10000,
    outstandingChecksMinor: 0,
    adjustedBankBalanceMinor: 408500,
    bookBalanceMinor: 455000,
    clientLedgersMinor: 454900,
    firmFundsMinor: 0,
    balanced: false,
    differences: [
      {
        kind: 'unmatched-statement-line',
        key: 'line:9b2f4c1e-0000-4000-8000-000000000004',
        row: 7,
        date: '2026-11-25',
        amountMinor: -1500,
        description: 'Service fee',
        explanation: 'Bank fee charged to trust in error; bank to refund.',
      },
      {
        kind: 'outstanding-entry',
        key: 'entry:9b2f4c1e-0000-4000-8000-000000000006',
        entryId: '9b2f4c1e-0000-4000-8000-000000000006',
        date: '2026-11-26',
        amountMinor: 10000,
        explanation: null,
      },
      {
        kind: 'ledger-disagrees',
        key: 'ledger:9b2f4c1e-0000-4000-8000-000000000005',
        ledgerId: '9b2f4c1e-0000-4000-8000-000000000005',
        ledgerBalanceMinor: 434900,
        entriesMinor: 435000,
        explanation: '=SUM(A1) was the wrong entry; balance row corrected under ticket 42.',
      },
    ],
    signedOffBy: 'ada@example.test',
    signedOffAt: '2026-11-28T00:59:00.000Z',
  },
};

describe('reconciliation report', () => {
  it('writes the figures and every difference with its explanation as CSV, formulas defused', () => {
    const rows = reconciliationCsv(document).trim().split('\r\n');
    expect(rows[0]).toBe('section,item,dateOrValue,amountMinor,detail,explanation');
    expect(rows).toContain('figure,Adjusted bank balance,,408500,,');
    expect(rows).toContain('figure,balanced,false,,,');
    const fee = rows.find((row) => row.startsWith('unmatched-statement-line'));
    expect(fee).toContain(',-1500,');
    expect(fee).toContain('Bank fee charged to trust in error');
    expect(rows.find((row) => row.startsWith('ledger-disagrees'))).toContain(',-100,');
    expect(rows.find((row) => row.startsWith('ledger-disagrees'))).toContain(
      'Ledger of Acme Corp · matter 2026-0042 Acme v. Widget Co holds 434900;',
    );
    expect(rows.find((row) => row.startsWith('outstanding-entry'))).toContain(
      '(Jane Roe · matter 2026-0007 Estate of Roe, entry 9b2f4c1e-0000-4000-8000-000000000006)',
    );
    expect(rows.find((row) => row.startsWith('ledger-disagrees'))).toContain(
      ",'=SUM(A1) was the wrong entry",
    );
  });

  it('names a client ledger by client, matter number and title, and falls back to ids', () => {
    const base = { clientId: 'c1', matterId: 'm1' };
    expect(
      ledgerName({
        ...base,
        kind: 'client',
        clientName: 'Acme',
        matterNumber: '2026-1',
        matterTitle: 'A v. B',
      }),
    ).toBe('Acme · matter 2026-1 A v. B');
    expect(
      ledgerName({ ...base, kind: 'client', clientName: null, matterNumber: null, matterTitle: null }),
    ).toBe('client c1 · matter m1');
    expect(
      ledgerName({ ...base, kind: 'firm-funds', clientName: null, matterNumber: null, matterTitle: null }),
    ).toBe("Firm's own funds");
  });

  it('renders a one-page PDF naming who signed it', async () => {
    const pdf = await renderReconciliationPdf(document);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    if (process.env.RECONCILIATION_PDF_OUT) writeFileSync(process.env.RECONCILIATION_PDF_OUT, pdf);
  });
});
