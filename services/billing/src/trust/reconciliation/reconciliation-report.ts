import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import { formatMinorAmount } from '../reports/trust-pdf.renderer';
import type { StoredDifferenceView, StoredReconciliationView } from './reconciliation.dto';

export interface ReconciliationReportDocument {
  reconciliation: StoredReconciliationView;
  account: { name: string; accountLast4: string | null; currency: string; bankName: string | null };
  generatedAt: string;
  /**
   * What the report calls each ledger a difference is about, by ledger id ("Acme Corp · matter 2026-0001
   * Smith v. Jones", or the firm's own funds), and the ledger of each outstanding entry, by entry id.
   */
  ledgerNames?: Readonly<Record<string, string>>;
  entryLedgers?: Readonly<Record<string, string>>;
}

/** A client ledger as a person reads it: client, then matter number and title. */
export function ledgerName(ledger: {
  kind: 'client' | 'firm-funds';
  clientName: string | null;
  clientId: string | null;
  matterNumber: string | null;
  matterTitle: string | null;
  matterId: string | null;
}): string {
  if (ledger.kind === 'firm-funds') return "Firm's own funds";
  const client = ledger.clientName ?? `client ${ledger.clientId ?? '?'}`;
  const matter = ledger.matterNumber
    ? `matter ${ledger.matterNumber}${ledger.matterTitle ? ` ${ledger.matterTitle}` : ''}`
    : `matter ${ledger.matterId ?? '?'}`;
  return `${client} · ${matter}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const safeText = (text: string | null | undefined): string =>
  !text ? '' : FORMULA_START.test(text) ? `'${text}` : text;

/** The three-way figures, top to bottom, as the report prints them. */
function figures(reconciliation: StoredReconciliationView): Array<[string, number]> {
  return [
    ['Statement closing balance', reconciliation.statementBalanceMinor],
    ['Plus deposits in transit', reconciliation.outstandingDepositsMinor],
    ['Less outstanding checks', -reconciliation.outstandingChecksMinor],
    ['Adjusted bank balance', reconciliation.adjustedBankBalanceMinor],
    ['Book balance (trust journal)', reconciliation.bookBalanceMinor],
    ['Client ledgers', reconciliation.clientLedgersMinor],
    ["Firm's own funds", reconciliation.firmFundsMinor],
  ];
}

function differenceDetail(
  difference: StoredDifferenceView,
  document: Pick<ReconciliationReportDocument, 'ledgerNames' | 'entryLedgers'>,
  amount: (minor: number) => string = String,
): string {
  const nameOf = (ledgerId: string | null | undefined): string | null =>
    (ledgerId && document.ledgerNames?.[ledgerId]) || null;
  switch (difference.kind) {
    case 'unmatched-statement-line':
      return `On the statement (row ${difference.row ?? '?'}), not in the books${difference.description ? `: ${difference.description}` : ''}`;
    case 'outstanding-entry': {
      const ledger = nameOf(document.entryLedgers?.[difference.entryId ?? '']);
      return `In the books, not yet on the statement (${ledger ? `${ledger}, ` : ''}entry ${difference.entryId ?? ''})`;
    }
    case 'ledger-disagrees':
      return `Ledger of ${nameOf(difference.ledgerId) ?? difference.ledgerId ?? ''} holds ${amount(difference.ledgerBalanceMinor ?? 0)}; its entries add up to ${amount(difference.entriesMinor ?? 0)}`;
  }
}

function differenceAmount(difference: StoredDifferenceView): number {
  return difference.kind === 'ledger-disagrees'
    ? (difference.ledgerBalanceMinor ?? 0) - (difference.entriesMinor ?? 0)
    : (difference.amountMinor ?? 0);
}

/**
 * The reconciliation as CSV (RFC 4180, CRLF): one row per figure, then one per difference with its
 * explanation; amounts as signed minor units. Free text a spreadsheet would run as a formula gets a `'`.
 */
export function reconciliationCsv(document: ReconciliationReportDocument): string {
  const { reconciliation } = document;
  const rows: string[][] = [
    ['figure', 'periodStart', reconciliation.periodStart, '', '', ''],
    ['figure', 'periodEnd', reconciliation.periodEnd, '', '', ''],
    ...figures(reconciliation).map(([label, amountMinor]) => [
      'figure',
      label,
      '',
      String(amountMinor),
      '',
      '',
    ]),
    ['figure', 'balanced', String(reconciliation.balanced), '', '', ''],
    ['figure', 'signedOffBy', safeText(reconciliation.signedOffBy), '', '', ''],
    ['figure', 'signedOffAt', reconciliation.signedOffAt ?? '', '', '', ''],
    ...reconciliation.differences.map((difference) => [
      difference.kind,
      difference.key,
      difference.date ?? '',
      String(differenceAmount(difference)),
      safeText(differenceDetail(difference, document)),
      safeText(difference.explanation),
    ]),
  ];
  return stringify(rows, {
    header: true,
    columns: ['section', 'item', 'dateOrValue', 'amountMinor', 'detail', 'explanation'],
    record_delimiter: 'windows',
  });
}

const PAGE = { width: 612, height: 792 };
const MARGIN = 54;
const RIGHT = PAGE.width - MARGIN;
const CONTENT_WIDTH = RIGHT - MARGIN;
const BOTTOM = PAGE.height - 90;
const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';
const ALERT = '#b42318';

/**
 * The reconciliation report a bar auditor reads: the account and period, the three-way figures, whether
 * they agree, who signed it and when, and every difference with its explanation; "Page n of m".
 */
export function renderReconciliationPdf(document: ReconciliationReportDocument): Promise<Buffer> {
  const { reconciliation, account } = document;
  const pdf = new PDFDocument({
    size: 'LETTER',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `Trust reconciliation ${reconciliation.periodEnd}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const money = (amountMinor: number) => formatMinorAmount(amountMinor, account.currency);

  pdf.font('Helvetica-Bold').fontSize(16).fillColor(INK).text('Trust account reconciliation', MARGIN, MARGIN);
  pdf.font('Helvetica').fontSize(9).fillColor(MUTED);
  const accountLine = [
    account.name,
    account.bankName,
    account.accountLast4 ? `account ending ${account.accountLast4}` : null,
    account.currency,
  ]
    .filter(Boolean)
    .join(' · ');
  pdf.text(accountLine, MARGIN, MARGIN + 22, { width: CONTENT_WIDTH });
  pdf.text(
    `Statement period ${reconciliation.periodStart} to ${reconciliation.periodEnd}`,
    MARGIN,
    MARGIN + 34,
  );
  pdf.text(
    reconciliation.signedOffBy
      ? `Signed off by ${reconciliation.signedOffBy} at ${reconciliation.signedOffAt ?? ''}`
      : 'Not signed off (computed from the stored statement and matches)',
    MARGIN,
    MARGIN + 46,
    { width: CONTENT_WIDTH },
  );
  pdf.text(`Generated ${document.generatedAt}`, MARGIN, MARGIN + 58);
  let y = MARGIN + 84;

  pdf.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Three-way reconciliation', MARGIN, y);
  y += 18;
  for (const [label, amountMinor] of figures(reconciliation)) {
    const total = label.startsWith('Adjusted') || label.startsWith('Book');
    pdf
      .font(total ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(9)
      .fillColor(INK);
    pdf.text(label, MARGIN, y, { width: 300, lineBreak: false });
    pdf.text(money(amountMinor), MARGIN + 300, y, { width: 120, align: 'right' });
    y += 14;
    if (label.startsWith('Less') || label.startsWith('Adjusted')) {
      pdf
        .moveTo(MARGIN, y - 2)
        .lineTo(MARGIN + 420, y - 2)
        .lineWidth(0.6)
        .strokeColor(RULE)
        .stroke();
      y += 4;
    }
  }
  y += 6;
  pdf
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor(reconciliation.balanced ? INK : ALERT)
    .text(
      reconciliation.balanced
        ? 'Balanced: adjusted bank = book = client ledgers + firm funds'
        : 'NOT BALANCED: see the differences and their explanations below',
      MARGIN,
      y,
      { width: CONTENT_WIDTH },
    );
  y += 28;

  pdf.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Differences', MARGIN, y);
  y += 18;
  if (!reconciliation.differences.length) {
    pdf.font('Helvetica').fontSize(9).fillColor(MUTED).text('None.', MARGIN, y);
    y += 14;
  }
  for (const difference of reconciliation.differences) {
    const detail = differenceDetail(difference, document, money);
    const explanation = difference.explanation ? `Explanation: ${difference.explanation}` : null;
    pdf.font('Helvetica').fontSize(8);
    const height =
      pdf.heightOfString(detail, { width: 330 }) +
      (explanation ? pdf.heightOfString(explanation, { width: 330 }) + 2 : 0);
    if (y + height > BOTTOM) {
      pdf.addPage();
      y = MARGIN;
    }
    pdf.fillColor(INK).text(difference.date ?? '', MARGIN, y, { width: 58, lineBreak: false });
    pdf.text(detail, MARGIN + 62, y, { width: 330 });
    pdf.text(money(differenceAmount(difference)), MARGIN + 400, y, {
      width: CONTENT_WIDTH - 400,
      align: 'right',
    });
    let next = y + pdf.heightOfString(detail, { width: 330 }) + 2;
    if (explanation) {
      pdf.fillColor(MUTED).text(explanation, MARGIN + 62, next, { width: 330 });
      next += pdf.heightOfString(explanation, { width: 330 }) + 2;
    }
    y = next + 6;
  }

  const range = pdf.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    pdf.switchToPage(range.start + index);
    // Below the bottom margin pdfkit would start a new page for the footer: lift the margin while writing it.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(7).fillColor(MUTED);
    pdf.text(
      `Trust reconciliation · ${reconciliation.periodEnd} · Page ${index + 1} of ${range.count}`,
      MARGIN,
      PAGE.height - MARGIN + 12,
      { width: CONTENT_WIDTH, align: 'center', lineBreak: false },
    );
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
