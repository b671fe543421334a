import { inflateSync } from 'node:zlib';
import { formatMinorAmount, renderTrustReportPdf } from './trust-pdf.renderer';

/** The text runs of a pdfkit PDF (hex strings in its deflated content streams, WinAnsi). */
function pdfText(pdf: Buffer): string {
  const texts: string[] = [];
  for (const match of pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g))
      texts.push(
        Buffer.from(
          [...(block[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((part) => part[1]).join(''),
          'hex',
        ).toString('latin1'),
      );
  }
  return texts.join('\n');
}

const line = (index: number, amountMinor: number, balanceAfterMinor: number) => ({
  entryDate: `2026-11-${String(1 + (index % 28)).padStart(2, '0')}`,
  entryId: `entry-${index}`,
  kind: amountMinor > 0 ? 'deposit' : 'refund',
  clientId: 'client-1',
  matterId: 'matter-1-abcdef',
  counterparty: 'Acme Corp',
  method: 'wire',
  reference: `REF-${index}`,
  amountMinor,
  balanceAfterMinor,
  reversesEntryId: null,
  recordedBy: 'clerk',
  recordedAt: '2026-11-27T10:00:00.000Z',
});

describe('renderTrustReportPdf', () => {
  it('formats minor units in the currency digits without floats', () => {
    expect(formatMinorAmount(123456789, 'USD')).toBe('1,234,567.89');
    expect(formatMinorAmount(-5, 'USD')).toBe('-0.05');
    expect(formatMinorAmount(1500, 'JPY')).toBe('1,500');
  });

  it('prints the account, each entry with the balance after it, the totals and page numbers', async () => {
    const lines = [line(0, 500000, 500000), line(1, -75000, 425000)];
    for (let index = 2; index < 70; index += 1) lines.push(line(index, 100, 425000 + (index - 1) * 100));
    const pdf = await renderTrustReportPdf({
      title: 'Trust journal',
      firmAccount: { name: 'IOLTA', accountLast4: '1234', currency: 'USD', bankName: 'First Bank' },
      period: { from: '2026-11-01', to: '2026-11-30' },
      lines,
      generatedAt: '2026-11-28T00:00:00.000Z',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
    const text = pdfText(pdf);
    for (const expected of [
      'Trust journal',
      'account ending 1234',
      '5,000.00',
      '-750.00',
      '4,250.00',
      'REF-1',
      'Net for the period',
      '4,318.00',
      'Page 2 of 2',
    ])
      expect(text).toContain(expected);
  });
});
