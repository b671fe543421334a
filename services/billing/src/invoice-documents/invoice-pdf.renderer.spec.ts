import { writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { sampleLine } from '../ledes/ledes.service';
import { renderInvoicePdf } from './invoice-pdf.renderer';
import { sampleDocument } from './sample-document';

/**
 * The text a PDF shows, one string per text object, read from its (deflated) content streams:
 * pdfkit writes each run as `[<hex> kerning <hex> ...] TJ` in WinAnsi for the standard fonts.
 */
/** WinAnsi's characters in 0x80–0x9F where it differs from Latin-1 (those the invoices use). */
const WIN_ANSI: Readonly<Record<number, string>> = {
  0x80: '€',
  0x85: '…',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
};
const decodeWinAnsi = (bytes: Buffer): string =>
  [...bytes].map((byte) => WIN_ANSI[byte] ?? String.fromCharCode(byte)).join('');

function pdfTexts(pdf: Buffer): string[] {
  const texts: string[] = [];
  const raw = pdf.toString('latin1');
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1]!, 'latin1')).toString('latin1');
    } catch {
      continue; // not a deflated content stream (fonts, images)
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const hex = [...block[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((part) => part[1]).join('');
      if (hex) texts.push(decodeWinAnsi(Buffer.from(hex, 'hex')));
    }
  }
  return texts;
}

describe('renderInvoicePdf', () => {
  it('shows the invoice number, the parties, each amount, the tax, the balance and the amount due', async () => {
    const pdf = await renderInvoicePdf(sampleDocument({}, 2000));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const texts = pdfTexts(pdf);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Okafor Reyes LLP',
        'INVOICE',
        'INV-2026-0042',
        'Northwind Components Inc.',
        'Northwind v. Apex Supply — contract dispute',
        'Your reference LIT-88231',
        'October 1 – 31, 2026',
        'Margaret Okafor, Partner',
        '$975.00',
        '$1,116.50',
        'L120 / A102   Write-down -$115.50',
        '$2,550.83', // fees
        '$429.40', // expenses
        '$2,980.23', // subtotal
        'VAT 20%',
        '$515.05',
        '$3,495.28', // this invoice
        '$12,500.00', // previous balance
        '-$10,000.00', // payments received
        'Amount due',
        '$5,995.28',
      ]),
    );
    // Wrapped text is one text object per line.
    expect(texts.join(' ').replace(/\s+/g, ' ')).toContain(
      'Please quote invoice INV-2026-0042 with your payment of $5,995.28.',
    );
    expect(
      texts.filter((text) =>
        /^Okafor Reyes LLP {2}· {2}Invoice INV-2026-0042 {2}· {2}Page \d of \d$/.test(text),
      ).length,
    ).toBeGreaterThan(0);
  });

  it('groups fees by UTBMS task when asked, with the task names', async () => {
    const texts = pdfTexts(await renderInvoicePdf(sampleDocument({ groupFeesBy: 'task' })));
    expect(texts).toEqual(
      expect.arrayContaining(['L110 Fact Investigation/Development', 'Total L120 Analysis/Strategy']),
    );
    expect(texts).not.toContain('Margaret Okafor, Partner');
    expect(texts).not.toContain('VAT 20%');
  });

  it('writes amounts in the invoice currency, yen without decimals', async () => {
    const document = sampleDocument({ previousBalanceMinor: 0, paymentsReceivedMinor: 0 });
    document.invoice = {
      ...document.invoice,
      currency: 'JPY',
      lines: [
        sampleLine({
          lineNumber: 1,
          type: 'expense',
          date: '2026-10-02',
          unitsScaled: 30_000,
          unitCostMinor: 1_250,
          expenseCode: 'E110',
          description: 'Taxi',
        }),
      ],
    };
    const texts = pdfTexts(await renderInvoicePdf(document));
    expect(texts).toEqual(expect.arrayContaining(['¥1,250', '¥3,750']));
  });

  it('shows the funds held in trust for each matter as of the issue day, and no such block without them', async () => {
    const document = sampleDocument({
      trustHeld: {
        asOf: '2026-11-02',
        items: [
          {
            matterNumber: '2026-0042',
            matterTitle: 'Northwind v. Apex Supply',
            currency: 'USD',
            heldMinor: 750000,
          },
          { matterNumber: '2026-0043', matterTitle: null, currency: 'EUR', heldMinor: 0 },
        ],
      },
    });
    const pdf = await renderInvoicePdf(document);
    if (process.env.INVOICE_TRUST_PDF_OUT) writeFileSync(process.env.INVOICE_TRUST_PDF_OUT, pdf);
    const texts = pdfTexts(pdf);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Funds held in trust as of November 2, 2026',
        'Matter 2026-0042  ·  Northwind v. Apex Supply',
        '$7,500.00',
        'Matter 2026-0043',
        '€0.00',
      ]),
    );
    const without = pdfTexts(await renderInvoicePdf(sampleDocument()));
    expect(without.some((text) => text.startsWith('Funds held in trust'))).toBe(false);
  });

  it('continues a long invoice over pages, numbering each and repeating who it belongs to', async () => {
    const document = sampleDocument();
    const lines = Array.from({ length: 60 }, (_, index) =>
      sampleLine({ ...document.invoice.lines[index % 4]!, lineNumber: index + 1 }),
    );
    document.invoice = { ...document.invoice, lines };
    const texts = pdfTexts(await renderInvoicePdf(document));
    const pages = texts.filter((text) => text.includes('Invoice INV-2026-0042  ·  Page'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.at(-1)).toMatch(new RegExp(`Page ${pages.length} of ${pages.length}$`));
    expect(texts.filter((text) => text.endsWith('(continued)'))).toHaveLength(pages.length - 1);
  });
});
