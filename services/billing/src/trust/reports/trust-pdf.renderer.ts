import PDFDocument from 'pdfkit';
import type { TrustReportLine } from './trust-csv.writer';

type Pdf = PDFKit.PDFDocument;

const PAGE = { width: 612, height: 792 };
const MARGIN = 54;
const RIGHT = PAGE.width - MARGIN;
const CONTENT_WIDTH = RIGHT - MARGIN;
const BOTTOM = PAGE.height - 72;
const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';

/** Columns: date, kind, matter, counterparty and reference, amount, balance after. */
const COLUMNS = {
  date: { x: MARGIN, width: 58 },
  kind: { x: MARGIN + 60, width: 82 },
  matter: { x: MARGIN + 144, width: 58 },
  party: { x: MARGIN + 204, width: 150 },
  amount: { x: MARGIN + 356, width: 72 },
  balance: { x: MARGIN + 430, width: CONTENT_WIDTH - 430 },
} as const;

export interface TrustReportDocument {
  title: 'Trust journal' | 'Client ledger card';
  firmAccount: { name: string; accountLast4: string | null; currency: string; bankName: string | null };
  period: { from: string; to: string };
  /** For a ledger card: the matter and client it is for. */
  subject?: string;
  lines: readonly TrustReportLine[];
  generatedAt: string;
}

/** Minor units as a decimal in the currency's digits (USD 2, JPY 0), with thousands separators. */
export function formatMinorAmount(amountMinor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
    2;
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = Math.abs(amountMinor);
  const whole = Math.floor(absolute / 10 ** digits);
  const fraction = digits ? `.${String(absolute % 10 ** digits).padStart(digits, '0')}` : '';
  return `${sign}${whole.toLocaleString('en-US')}${fraction}`;
}

/**
 * A trust journal or client ledger card as a PDF a bar auditor can read: the account, the period, every
 * entry with its signed amount and the ledger balance after it, money in and out and the net for the
 * period, "Page n of m" on every page.
 */
export function renderTrustReportPdf(document: TrustReportDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'LETTER',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${document.title} ${document.period.from} to ${document.period.to}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const money = (amountMinor: number) => formatMinorAmount(amountMinor, document.firmAccount.currency);
  let y = heading(pdf, document);
  y = tableHeader(pdf, y);
  for (const line of document.lines) {
    if (y > BOTTOM) {
      pdf.addPage();
      y = tableHeader(pdf, MARGIN);
    }
    pdf.font('Helvetica').fontSize(8).fillColor(INK);
    const party = [line.counterparty, line.reference].filter(Boolean).join(' · ');
    pdf.text(line.entryDate, COLUMNS.date.x, y, { width: COLUMNS.date.width, lineBreak: false });
    pdf.text(line.kind, COLUMNS.kind.x, y, { width: COLUMNS.kind.width, lineBreak: false });
    pdf.text(line.matterId?.slice(0, 8) ?? 'firm', COLUMNS.matter.x, y, {
      width: COLUMNS.matter.width,
      lineBreak: false,
    });
    pdf.text(party, COLUMNS.party.x, y, { width: COLUMNS.party.width, lineBreak: false, ellipsis: true });
    pdf.text(money(line.amountMinor), COLUMNS.amount.x, y, { width: COLUMNS.amount.width, align: 'right' });
    pdf.text(money(line.balanceAfterMinor), COLUMNS.balance.x, y, {
      width: COLUMNS.balance.width,
      align: 'right',
    });
    y += 14;
  }
  const inMinor = document.lines
    .filter((line) => line.amountMinor > 0)
    .reduce((sum, line) => sum + line.amountMinor, 0);
  const outMinor = document.lines
    .filter((line) => line.amountMinor < 0)
    .reduce((sum, line) => sum + line.amountMinor, 0);
  if (y > BOTTOM - 50) {
    pdf.addPage();
    y = MARGIN;
  }
  pdf.moveTo(MARGIN, y).lineTo(RIGHT, y).lineWidth(0.6).strokeColor(RULE).stroke();
  y += 8;
  for (const [label, amountMinor] of [
    ['Money in', inMinor],
    ['Money out', outMinor],
    ['Net for the period', inMinor + outMinor],
  ] as const) {
    pdf
      .font(label.startsWith('Net') ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(9)
      .fillColor(INK);
    pdf.text(label, COLUMNS.party.x, y, { width: COLUMNS.party.width, lineBreak: false });
    pdf.text(money(amountMinor), COLUMNS.amount.x, y, { width: COLUMNS.amount.width, align: 'right' });
    y += 14;
  }
  const range = pdf.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    pdf.switchToPage(range.start + index);
    // Below the bottom margin pdfkit would start a new page for the footer: lift the margin while writing it.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(7).fillColor(MUTED);
    pdf.text(
      `${document.title} · ${document.period.from} to ${document.period.to} · Page ${index + 1} of ${range.count}`,
      MARGIN,
      PAGE.height - MARGIN + 12,
      { width: CONTENT_WIDTH, align: 'center', lineBreak: false },
    );
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}

function heading(pdf: Pdf, document: TrustReportDocument): number {
  pdf.font('Helvetica-Bold').fontSize(16).fillColor(INK).text(document.title, MARGIN, MARGIN);
  const account = document.firmAccount;
  const accountLine = [
    account.name,
    account.bankName,
    account.accountLast4 ? `account ending ${account.accountLast4}` : null,
    account.currency,
  ]
    .filter(Boolean)
    .join(' · ');
  pdf.font('Helvetica').fontSize(9).fillColor(MUTED);
  pdf.text(accountLine, MARGIN, MARGIN + 22, { width: CONTENT_WIDTH });
  pdf.text(`Entries dated ${document.period.from} to ${document.period.to}`, MARGIN, MARGIN + 34);
  let y = MARGIN + 46;
  if (document.subject) {
    pdf.text(document.subject, MARGIN, y, { width: CONTENT_WIDTH });
    y += 12;
  }
  pdf.text(`Generated ${document.generatedAt}`, MARGIN, y);
  return y + 22;
}

function tableHeader(pdf: Pdf, top: number): number {
  pdf.font('Helvetica-Bold').fontSize(8).fillColor(INK);
  pdf.text('Date', COLUMNS.date.x, top, { width: COLUMNS.date.width });
  pdf.text('Entry', COLUMNS.kind.x, top, { width: COLUMNS.kind.width });
  pdf.text('Matter', COLUMNS.matter.x, top, { width: COLUMNS.matter.width });
  pdf.text('Payer / payee · reference', COLUMNS.party.x, top, { width: COLUMNS.party.width });
  pdf.text('Amount', COLUMNS.amount.x, top, { width: COLUMNS.amount.width, align: 'right' });
  pdf.text('Balance', COLUMNS.balance.x, top, { width: COLUMNS.balance.width, align: 'right' });
  const y = top + 12;
  pdf.moveTo(MARGIN, y).lineTo(RIGHT, y).lineWidth(0.6).strokeColor(RULE).stroke();
  return y + 6;
}
