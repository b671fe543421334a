import PDFDocument from 'pdfkit';
import { formatMinor, formatUnits, minorUnitDigits } from '../ledes/ledes.service';
import type { LedesAddress, LedesLine } from '../ledes/ledes.service';
import { feeGroups, invoiceTotals, type InvoiceDocument } from './invoice-document';

type Pdf = PDFKit.PDFDocument;

const PAGE = { width: 612, height: 792 };
const MARGIN = 54;
const RIGHT = PAGE.width - MARGIN;
const CONTENT_WIDTH = RIGHT - MARGIN;
/** Lowest y a table row may reach before the page breaks (room for the footer). */
const BOTTOM = PAGE.height - 72;
/** Where content starts on a continued page, below its running header. */
const CONTINUED_TOP = MARGIN + 12;

const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';
const SHADE = '#f0f4f8';
const ACCENT = '#243b53';

/** Columns of the line tables: date, description, quantity, rate, amount. */
const COLUMNS = {
  date: { x: MARGIN, width: 64 },
  description: { x: MARGIN + 68, width: 252 },
  quantity: { x: MARGIN + 324, width: 46 },
  rate: { x: MARGIN + 374, width: 56 },
  amount: { x: MARGIN + 434, width: CONTENT_WIDTH - 434 },
} as const;

/**
 * The invoice as a PDF a billing clerk can send: letterhead, client and matter, fees grouped by
 * timekeeper or task, expenses, adjustments, totals with taxes, previous balance, payments, the
 * amount due and how to pay; "Page n of m" and the invoice number on every page.
 */
export function renderInvoicePdf(document: InvoiceDocument): Promise<Buffer> {
  const { invoice } = document;
  const pdf = new PDFDocument({
    size: 'LETTER',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `Invoice ${invoice.invoiceNumber}`,
      Author: invoice.lawFirm.name,
      Subject: invoice.matterName,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const money = moneyFormatter(invoice.currency);
  // Every later page says whose invoice it continues.
  pdf.on('pageAdded', () => {
    pdf.font('Helvetica').fontSize(8).fillColor(MUTED);
    pdf.text(
      `${invoice.lawFirm.name}  ·  Invoice ${invoice.invoiceNumber} (continued)`,
      MARGIN,
      MARGIN - 18,
      { width: CONTENT_WIDTH, lineBreak: false },
    );
    pdf
      .moveTo(MARGIN, MARGIN - 6)
      .lineTo(RIGHT, MARGIN - 6)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
  });

  let y = letterhead(pdf, document);
  y = parties(pdf, document, y);

  const groups = feeGroups(document);
  if (groups.length) {
    y = sectionHeading(pdf, 'Professional services', y);
    const feeTable = () =>
      tableHeader(pdf, ['Date', 'Description', 'Hours', 'Rate', 'Amount'], CONTINUED_TOP);
    y = tableHeader(pdf, ['Date', 'Description', 'Hours', 'Rate', 'Amount'], y);
    for (const group of groups) {
      y = ensureRoom(pdf, y, 40, feeTable);
      pdf
        .font('Helvetica-Bold')
        .fontSize(9)
        .fillColor(ACCENT)
        .text(group.heading, MARGIN, y, { width: CONTENT_WIDTH });
      y += 14;
      for (const line of group.lines) y = lineRow(pdf, line, money, y, hours(line.unitsScaled), feeTable);
      y = subtotalRow(
        pdf,
        `Total ${group.heading.split(',')[0]}`,
        hours(group.unitsScaled),
        money(group.totalMinor),
        y,
      );
    }
  }
  const expenses = invoice.lines.filter((line) => line.type === 'expense');
  if (expenses.length) {
    y = ensureRoom(pdf, y + 8, 60, () => CONTINUED_TOP);
    y = sectionHeading(pdf, 'Expenses and disbursements', y);
    const expenseTable = () =>
      tableHeader(pdf, ['Date', 'Description', 'Qty', 'Unit cost', 'Amount'], CONTINUED_TOP);
    y = tableHeader(pdf, ['Date', 'Description', 'Qty', 'Unit cost', 'Amount'], y);
    for (const line of expenses)
      y = lineRow(pdf, line, money, y, formatUnits(line.unitsScaled), expenseTable);
  }
  const adjustments = invoice.lines.filter(
    (line) => line.type === 'fee-adjustment' || line.type === 'expense-adjustment',
  );
  if (adjustments.length) {
    y = ensureRoom(pdf, y + 8, 60, () => CONTINUED_TOP);
    y = sectionHeading(pdf, 'Adjustments', y);
    for (const line of adjustments) y = lineRow(pdf, line, money, y, '', () => CONTINUED_TOP);
  }
  // Totals on the right and how to pay on the left, side by side, kept together on one page.
  const paymentHeight = paymentBlockHeight(pdf, document, money);
  y = ensureRoom(pdf, y + 14, Math.max(totalsBlockHeight(document), paymentHeight), () => CONTINUED_TOP);
  totalsBlock(pdf, document, money, y);
  paymentBlock(pdf, document, money, y, paymentHeight);
  if (document.trustHeld?.items.length) {
    const trustTop = y + Math.max(totalsBlockHeight(document), paymentHeight) + 16;
    trustBlock(
      pdf,
      document,
      ensureRoom(pdf, trustTop, trustBlockHeight(document), () => CONTINUED_TOP),
    );
  }
  footers(pdf, document);
  pdf.end();
  return done;
}

function letterhead(pdf: Pdf, document: InvoiceDocument): number {
  const { invoice, letterhead: contact } = document;
  const firm = invoice.lawFirm;
  pdf.font('Helvetica-Bold').fontSize(18).fillColor(ACCENT).text(firm.name, MARGIN, MARGIN, { width: 300 });
  let y = pdf.y + 2;
  pdf.font('Helvetica').fontSize(9).fillColor(MUTED);
  for (const text of [
    ...addressLines(firm.address),
    [contact.phone, contact.email, contact.website].filter(Boolean).join('  ·  '),
  ]) {
    if (!text) continue;
    pdf.text(text, MARGIN, y, { width: 300 });
    y = pdf.y;
  }
  if (firm.taxId) {
    pdf.text(`Tax ID ${firm.taxId}`, MARGIN, y, { width: 300 });
    y = pdf.y;
  }

  pdf
    .font('Helvetica-Bold')
    .fontSize(22)
    .fillColor(INK)
    .text('INVOICE', MARGIN + 300, MARGIN - 2, { width: CONTENT_WIDTH - 300, align: 'right' });
  const facts: Array<[string, string]> = [
    ['Invoice number', invoice.invoiceNumber],
    ['Invoice date', longDate(invoice.invoiceDate)],
    ...(document.dueDate ? ([['Due date', longDate(document.dueDate)]] as Array<[string, string]>) : []),
    ['Billing period', period(invoice.billingStartDate, invoice.billingEndDate)],
  ];
  let factY = MARGIN + 28;
  for (const [label, value] of facts) {
    pdf
      .font('Helvetica')
      .fontSize(9)
      .fillColor(MUTED)
      .text(label, MARGIN + 290, factY, { width: 90, align: 'right' });
    pdf
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor(INK)
      .text(value, MARGIN + 384, factY, { width: CONTENT_WIDTH - 384, align: 'right' });
    factY += 13;
  }
  y = Math.max(y, factY) + 10;
  pdf.moveTo(MARGIN, y).lineTo(RIGHT, y).lineWidth(1.5).strokeColor(ACCENT).stroke();
  return y + 14;
}

function parties(pdf: Pdf, document: InvoiceDocument, top: number): number {
  const { invoice } = document;
  const half = CONTENT_WIDTH / 2;
  const block = (x: number, title: string, lines: string[]): number => {
    pdf
      .font('Helvetica-Bold')
      .fontSize(8)
      .fillColor(MUTED)
      .text(title.toUpperCase(), x, top, { width: half - 12, characterSpacing: 0.6 });
    let y = pdf.y + 3;
    lines.forEach((text, index) => {
      pdf
        .font(index === 0 ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(index === 0 ? 10.5 : 9)
        .fillColor(INK);
      pdf.text(text, x, y, { width: half - 12 });
      y = pdf.y + 1;
    });
    return y;
  };
  const client = invoice.client;
  const left = block(MARGIN, 'Bill to', [
    client.name,
    ...addressLines(client.address),
    ...(client.taxId ? [`Tax ID ${client.taxId}`] : []),
  ]);
  const right = block(MARGIN + half + 12, 'Matter', [
    invoice.matterName,
    `Our reference ${invoice.lawFirmMatterId}`,
    `Your reference ${invoice.clientMatterId}`,
    ...(invoice.poNumber ? [`PO ${invoice.poNumber}`] : []),
  ]);
  let y = Math.max(left, right) + 12;
  if (invoice.description.trim()) {
    pdf
      .font('Helvetica')
      .fontSize(9.5)
      .fillColor(INK)
      .text(invoice.description, MARGIN, y, { width: CONTENT_WIDTH });
    y = pdf.y + 12;
  }
  return y;
}

function sectionHeading(pdf: Pdf, title: string, y: number): number {
  pdf.font('Helvetica-Bold').fontSize(11).fillColor(ACCENT).text(title, MARGIN, y);
  return pdf.y + 4;
}

function tableHeader(pdf: Pdf, labels: [string, string, string, string, string], y: number): number {
  pdf.rect(MARGIN, y, CONTENT_WIDTH, 16).fill(SHADE);
  pdf.font('Helvetica-Bold').fontSize(8).fillColor(MUTED);
  const [date, description, quantity, rate, amount] = labels;
  pdf.text(date.toUpperCase(), COLUMNS.date.x + 4, y + 5, { width: COLUMNS.date.width });
  pdf.text(description.toUpperCase(), COLUMNS.description.x, y + 5, { width: COLUMNS.description.width });
  pdf.text(quantity.toUpperCase(), COLUMNS.quantity.x, y + 5, {
    width: COLUMNS.quantity.width,
    align: 'right',
  });
  pdf.text(rate.toUpperCase(), COLUMNS.rate.x, y + 5, { width: COLUMNS.rate.width, align: 'right' });
  pdf.text(amount.toUpperCase(), COLUMNS.amount.x, y + 5, {
    width: COLUMNS.amount.width - 4,
    align: 'right',
  });
  return y + 22;
}

function lineRow(
  pdf: Pdf,
  line: LedesLine,
  money: (amountMinor: number) => string,
  top: number,
  quantity: string,
  continueTable: () => number,
): number {
  pdf.font('Helvetica').fontSize(9);
  const codes = [line.taskCode, line.activityCode, line.expenseCode].filter(Boolean).join(' / ');
  const note = [
    codes,
    // An invoice-level adjustment is its own amount; only a priced line shows its write-down.
    line.adjustmentMinor && (line.type === 'fee' || line.type === 'expense')
      ? `${line.adjustmentMinor < 0 ? 'Write-down' : 'Adjustment'} ${money(line.adjustmentMinor)}`
      : '',
  ]
    .filter(Boolean)
    .join('   ');
  const descriptionHeight = pdf.heightOfString(line.description, { width: COLUMNS.description.width });
  const height = descriptionHeight + (note ? 11 : 0) + 6;
  let y = ensureRoom(pdf, top, height, continueTable);
  pdf.font('Helvetica').fontSize(9).fillColor(INK);
  pdf.text(shortDate(line.date), COLUMNS.date.x + 4, y, { width: COLUMNS.date.width });
  pdf.text(line.description, COLUMNS.description.x, y, { width: COLUMNS.description.width });
  const textBottom = pdf.y;
  pdf.text(quantity, COLUMNS.quantity.x, y, { width: COLUMNS.quantity.width, align: 'right' });
  if (line.type === 'fee' || line.type === 'expense')
    pdf.text(money(line.unitCostMinor), COLUMNS.rate.x, y, { width: COLUMNS.rate.width, align: 'right' });
  pdf.text(money(line.totalMinor), COLUMNS.amount.x, y, { width: COLUMNS.amount.width - 4, align: 'right' });
  y = textBottom;
  if (note) {
    pdf
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(note, COLUMNS.description.x, y + 1, { width: COLUMNS.description.width });
    y = pdf.y;
  }
  y += 5;
  pdf
    .moveTo(MARGIN, y - 2)
    .lineTo(RIGHT, y - 2)
    .lineWidth(0.4)
    .strokeColor(RULE)
    .stroke();
  return y + 2;
}

function subtotalRow(pdf: Pdf, label: string, quantity: string, amount: string, top: number): number {
  const y = ensureRoom(pdf, top, 18, () => CONTINUED_TOP);
  pdf.font('Helvetica-Bold').fontSize(8.5).fillColor(INK);
  pdf.text(label, COLUMNS.description.x, y, { width: COLUMNS.description.width });
  pdf.text(quantity, COLUMNS.quantity.x, y, { width: COLUMNS.quantity.width, align: 'right' });
  pdf.text(amount, COLUMNS.amount.x, y, { width: COLUMNS.amount.width - 4, align: 'right' });
  return y + 20;
}

const TOTALS_X = MARGIN + 264;
const PAYMENT_WIDTH = 240;

function totalsRows(document: InvoiceDocument, money: (amountMinor: number) => string) {
  const totals = invoiceTotals(document);
  const rows: Array<{
    label: string;
    amount: string;
    strong?: boolean;
    ruleAbove?: boolean;
    gapAbove?: boolean;
  }> = [
    { label: 'Fees', amount: money(totals.feesMinor) },
    { label: 'Expenses', amount: money(totals.expensesMinor) },
    ...(totals.adjustmentsMinor ? [{ label: 'Adjustments', amount: money(totals.adjustmentsMinor) }] : []),
    ...(totals.taxes.length
      ? [
          { label: 'Subtotal', amount: money(totals.netMinor), ruleAbove: true },
          ...totals.taxes.map((tax) => ({
            label: `${tax.type} ${percent(tax.rateBasisPoints)}${tax.registrationNumber ? ` (reg. ${tax.registrationNumber})` : ''}`,
            amount: money(tax.amountMinor),
          })),
        ]
      : []),
    { label: 'Total this invoice', amount: money(totals.invoiceTotalMinor), strong: true, ruleAbove: true },
    ...(totals.creditedMinor ? [{ label: 'Credit notes', amount: money(-totals.creditedMinor) }] : []),
    ...(totals.previousBalanceMinor === undefined
      ? []
      : [{ label: 'Previous balance', amount: money(totals.previousBalanceMinor), gapAbove: true }]),
    ...(totals.paymentsReceivedMinor === undefined
      ? []
      : [{ label: 'Payments received', amount: money(-totals.paymentsReceivedMinor) }]),
  ];
  return { totals, rows };
}

function totalsBlockHeight(document: InvoiceDocument): number {
  const { rows } = totalsRows(document, String);
  return (
    rows.length * 15 +
    rows.filter((row) => row.gapAbove || row.ruleAbove).length * 8 +
    (document.dueDate ? 50 : 36)
  );
}

function totalsBlock(
  pdf: Pdf,
  document: InvoiceDocument,
  money: (amountMinor: number) => string,
  top: number,
): void {
  const { totals, rows } = totalsRows(document, money);
  const x = TOTALS_X;
  const width = RIGHT - x;
  let y = top;
  for (const row of rows) {
    if (row.gapAbove) y += 8;
    if (row.ruleAbove) {
      pdf
        .moveTo(x, y - 3)
        .lineTo(RIGHT, y - 3)
        .lineWidth(0.6)
        .strokeColor(RULE)
        .stroke();
      y += 2;
    }
    pdf
      .font(row.strong ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(9.5)
      .fillColor(INK);
    pdf.text(row.label, x + 8, y, { width: width - 100 });
    pdf.text(row.amount, x, y, { width: width - 4, align: 'right' });
    y += 15;
  }
  y += 4;
  pdf.rect(x, y, width, 26).fill(ACCENT);
  pdf.font('Helvetica-Bold').fontSize(12).fillColor('#ffffff');
  pdf.text('Amount due', x + 8, y + 8, { width: width - 100 });
  pdf.text(money(totals.amountDueMinor), x, y + 8, { width: width - 8, align: 'right' });
  if (document.dueDate) {
    pdf
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(`Due by ${longDate(document.dueDate)}`, x, y + 31, { width: width - 4, align: 'right' });
  }
}

function paymentLines(document: InvoiceDocument, money: (amountMinor: number) => string): string[] {
  return [
    ...document.paymentInstructions,
    `Please quote invoice ${document.invoice.invoiceNumber} with your payment of ${money(invoiceTotals(document).amountDueMinor)}.`,
  ];
}

function paymentBlockHeight(
  pdf: Pdf,
  document: InvoiceDocument,
  money: (amountMinor: number) => string,
): number {
  pdf.font('Helvetica').fontSize(8.5);
  return (
    paymentLines(document, money).reduce(
      (sum, text) => sum + pdf.heightOfString(text, { width: PAYMENT_WIDTH - 24 }) + 3,
      0,
    ) + 34
  );
}

function paymentBlock(
  pdf: Pdf,
  document: InvoiceDocument,
  money: (amountMinor: number) => string,
  top: number,
  height: number,
): void {
  pdf.rect(MARGIN, top, PAYMENT_WIDTH, height).lineWidth(0.8).strokeColor(RULE).stroke();
  pdf
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor(ACCENT)
    .text('How to pay', MARGIN + 12, top + 11);
  let lineY = pdf.y + 4;
  for (const text of paymentLines(document, money)) {
    pdf
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor(INK)
      .text(text, MARGIN + 12, lineY, { width: PAYMENT_WIDTH - 24 });
    lineY = pdf.y + 3;
  }
}

// ---- Funds held in trust (issue 12): what the firm held for the client's matters on the issue day ----

const TRUST_NOTE =
  "Held in the firm's client trust account; not deducted from the amount due unless applied to this invoice.";

function trustBlockHeight(document: InvoiceDocument): number {
  return 44 + (document.trustHeld?.items.length ?? 0) * 14;
}

function trustBlock(pdf: Pdf, document: InvoiceDocument, top: number): void {
  const held = document.trustHeld;
  if (!held) return;
  pdf.rect(MARGIN, top, CONTENT_WIDTH, trustBlockHeight(document)).fill(SHADE);
  pdf
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor(ACCENT)
    .text(`Funds held in trust as of ${longDate(held.asOf)}`, MARGIN + 12, top + 10, {
      width: CONTENT_WIDTH - 24,
      lineBreak: false,
    });
  let y = top + 26;
  for (const item of held.items) {
    const matter = [item.matterNumber ? `Matter ${item.matterNumber}` : 'Matter', item.matterTitle]
      .filter(Boolean)
      .join('  ·  ');
    pdf.font('Helvetica').fontSize(9).fillColor(INK);
    pdf.text(matter, MARGIN + 12, y, { width: CONTENT_WIDTH - 140, lineBreak: false, ellipsis: true });
    pdf.text(moneyFormatter(item.currency)(item.heldMinor), MARGIN, y, {
      width: CONTENT_WIDTH - 12,
      align: 'right',
    });
    y += 14;
  }
  pdf
    .font('Helvetica')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(TRUST_NOTE, MARGIN + 12, y + 2, { width: CONTENT_WIDTH - 24, lineBreak: false });
}

function footers(pdf: Pdf, document: InvoiceDocument): void {
  const range = pdf.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    pdf.switchToPage(range.start + index);
    // Writing below the bottom margin would start a new page.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(7.5).fillColor(MUTED);
    pdf.text(
      `${document.invoice.lawFirm.name}  ·  Invoice ${document.invoice.invoiceNumber}  ·  Page ${index + 1} of ${range.count}`,
      MARGIN,
      PAGE.height - 40,
      { width: CONTENT_WIDTH, align: 'center', lineBreak: false },
    );
    pdf.page.margins.bottom = bottom;
  }
}

/** Starts a new page when `height` does not fit below `y`; `restart` draws what a continued table repeats. */
function ensureRoom(pdf: Pdf, y: number, height: number, restart: () => number): number {
  if (y + height <= BOTTOM) return y;
  pdf.addPage();
  return restart();
}

function addressLines(address: LedesAddress): string[] {
  return [
    address.line1,
    address.line2 ?? '',
    [address.city, [address.region, address.postcode].filter(Boolean).join(' ')].filter(Boolean).join(', '),
    address.country,
  ].filter(Boolean);
}

/** Amounts as people read them ("$1,234.50"), from the exact decimal, never through a float. */
function moneyFormatter(currency: string): (amountMinor: number) => string {
  const format = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: minorUnitDigits(currency),
  });
  // Intl reads a decimal string exactly (no binary rounding on the way).
  return (amountMinor) => format.format(formatMinor(amountMinor, currency) as unknown as number);
}

function hours(unitsScaled: number): string {
  const [whole, fraction = ''] = formatUnits(unitsScaled).split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

function percent(rateBasisPoints: number): string {
  const whole = Math.trunc(rateBasisPoints / 100);
  const rest = rateBasisPoints % 100;
  return `${whole}${rest ? `.${String(rest).padStart(2, '0').replace(/0$/, '')}` : ''}%`;
}

const DATE_LONG = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
const DATE_SHORT = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});
const asDate = (date: string) => new Date(`${date}T00:00:00Z`);
const longDate = (date: string) => DATE_LONG.format(asDate(date));
const shortDate = (date: string) => DATE_SHORT.format(asDate(date));
// Intl puts thin spaces around the range dash; the standard PDF fonts (WinAnsi) have none.
const period = (start: string, end: string) =>
  DATE_LONG.formatRange(asDate(start), asDate(end)).replace(/[\u2009\u202f\u00a0]/g, ' ');
