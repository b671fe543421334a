import { LedesExportRefusedError } from './ledes-export.rules';
import type { LedesInvoice } from './ledes-invoice';
import { validateLedesXml } from './ledes-xml.validator';
import { writeLedesXml } from './ledes-xml.writer';
import { sampleInvoice, sampleLine } from './sample-invoices';

const problemsOf = (file: string) =>
  validateLedesXml(file).problems.map(({ line, field }) => `${line}:${field}`);
/** The 1-based line of the file holding `needle` (its first occurrence after `after`). */
const lineOf = (file: string, needle: string, after = ''): number => {
  const lines = file.split('\r\n');
  const start = after ? lines.findIndex((line) => line.includes(after)) : 0;
  return lines.findIndex((line, index) => index >= start && line.includes(needle)) + 1;
};

describe('writeLedesXml', () => {
  it('writes firm, client, invoice, matter, timekeeper summaries, fees and expenses with hand-checked totals', () => {
    const file = writeLedesXml([sampleInvoice()]);
    expect(
      file.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\r\n<ledesxmlebilling2.2 xmlns="http://www.ledes.org/LEDES22.xsd">',
      ),
    ).toBe(true);
    for (const element of [
      '<lf_vendor_id>13-4567890</lf_vendor_id>',
      '<cl_id>NWC-001</cl_id>',
      '<inv_id>INV-2026-0042</inv_id>',
      '<inv_date>2026-11-02</inv_date>',
      '<inv_currency>USD</inv_currency>',
      '<lf_matter_id>M-2026-0117</lf_matter_id>',
      '<cl_matter_id>LIT-88231</cl_matter_id>',
      // 975.00 + (1232.00 - 115.50) + 126.00 + 333.33; expenses 405.00 + 24.40.
      '<matter_total_detail_fees>2550.83</matter_total_detail_fees>',
      '<matter_total_detail_exp>429.40</matter_total_detail_exp>',
      '<matter_total_due>2980.23</matter_total_due>',
      '<inv_total_net_due>2980.23</inv_total_net_due>',
      '<acca_task>L120</acca_task>',
      '<acca_activity>A102</acca_activity>',
      '<acca_expense>E101</acca_expense>',
      '<units>3.2</units>',
      '<rate>385.00</rate>',
      '<base_amount>1232.00</base_amount>',
      '<total_amount>1116.50</total_amount>',
    ])
      expect(file).toContain(element);
    // One summary per timekeeper and rate: the associate bills at 385.00 and at 333.33.
    expect(file.match(/<tk_sum>/g)).toHaveLength(4);
    expect(file.match(/<fee>/g)).toHaveLength(4);
    expect(file.match(/<expense>/g)).toHaveLength(2);
    expect(file).toContain('Northwind v. Apex Supply — contract dispute');
  });

  it('escapes markup in free text, and groups a batch under each client', () => {
    const other = sampleInvoice({
      invoiceNumber: 'INV-2026-0043',
      description: 'Fees <draft> & "costs"',
      ebilling: { ...sampleInvoice().ebilling, clientId: 'ACME-7' },
    });
    const file = writeLedesXml([sampleInvoice(), other]);
    expect(file).toContain('<inv_desc>Fees &lt;draft&gt; &amp; &quot;costs&quot;</inv_desc>');
    expect(file.match(/<client>/g)).toHaveLength(2);
    expect(validateLedesXml(file)).toEqual({ valid: true, format: 'XML2.2', problems: [] });
  });

  it('refuses, naming the line, a fee without the UTBMS task code the client requires', () => {
    const invoice = sampleInvoice();
    const missing: LedesInvoice = {
      ...invoice,
      lines: invoice.lines.map((line) => (line.lineNumber === 3 ? { ...line, taskCode: undefined } : line)),
    };
    expect(() => writeLedesXml([missing])).toThrow(LedesExportRefusedError);
    try {
      writeLedesXml([missing, sampleInvoice({ invoiceNumber: 'INV-9' }, 2000)]);
      throw new Error('not refused');
    } catch (error) {
      const fields = (error as LedesExportRefusedError).fieldErrors.map((problem) => problem.field);
      expect(fields).toEqual(['invoices[0].lines[2].taskCode']);
    }
  });

  it('writes each taxed charge a <tax> segment and the tax into the invoice totals, which validate', () => {
    const taxed = sampleInvoice({}, 2000);
    const taxMinor = taxed.lines.reduce((sum, line) => sum + (line.tax?.amountMinor ?? 0), 0);
    expect(taxMinor).toBeGreaterThan(0);
    const file = writeLedesXml([taxed]);
    expect(file.match(/<tax>/g)).toHaveLength(taxed.lines.filter((line) => line.tax).length);
    expect(file).toContain('<tax_rate_percent>0.2000</tax_rate_percent>');
    // 20% of the 1116.50 line is 223.30.
    expect(file).toContain('<tax_on_charge>223.30</tax_on_charge>');
    const money = (minor: number) => (minor / 100).toFixed(2);
    expect(file).toContain(`<inv_total_tax>${money(taxMinor)}</inv_total_tax>`);
    expect(file).toContain(`<inv_total_net_due>${money(298_023 + taxMinor)}</inv_total_net_due>`);
    expect(validateLedesXml(file)).toEqual({ valid: true, format: 'XML2.2', problems: [] });

    const wrongTax = file.replace(
      '<tax_on_charge>223.30</tax_on_charge>',
      '<tax_on_charge>223.32</tax_on_charge>',
    );
    expect(problemsOf(wrongTax)).toEqual([`${lineOf(file, '<tax_on_charge>223.30')}:tax_on_charge`]);
    const badRate = file.replace(
      '<tax_rate_percent>0.2000</tax_rate_percent>',
      '<tax_rate_percent>20%</tax_rate_percent>',
    );
    expect(problemsOf(badRate)).toEqual([`${lineOf(file, '<tax_rate_percent>0.2000')}:tax_rate_percent`]);
  });

  it('refuses text XML cannot carry', () => {
    expect(() => writeLedesXml([sampleInvoice({ description: 'bell \u0007' })])).toThrow(
      LedesExportRefusedError,
    );
    // '|' is fine in XML (it is not in 1998B).
    expect(() => writeLedesXml([sampleInvoice({ description: 'A | B' })])).not.toThrow();
  });
});

describe('validateLedesXml', () => {
  const ours = () => writeLedesXml([sampleInvoice()]);

  it('accepts the file our writer produces, with a matter of only expenses and an invoice adjustment', () => {
    expect(validateLedesXml(ours())).toEqual({ valid: true, format: 'XML2.2', problems: [] });
    const discounted = sampleInvoice();
    discounted.lines.push(
      sampleLine({
        lineNumber: 7,
        type: 'fee-adjustment',
        date: '2026-10-31',
        unitsScaled: 10_000,
        unitCostMinor: -5_000,
        description: 'Courtesy discount',
      }),
    );
    const file = writeLedesXml([discounted]);
    expect(file).toContain('<matter_adj_on_fees>-50.00</matter_adj_on_fees>');
    expect(file).toContain('<matter_net_fees>2500.83</matter_net_fees>');
    expect(file).toContain('<inv_total_net_due>2930.23</inv_total_net_due>');
    expect(validateLedesXml(file).valid).toBe(true);
  });

  it('names the line and element of a wrong fee amount, a bad date, a bad code and a wrong matter total', () => {
    let file = ours();
    file = file.replace('<base_amount>1232.00</base_amount>', '<base_amount>1233.00</base_amount>');
    file = file.replace('<charge_date>2026-10-09</charge_date>', '<charge_date>2026-13-09</charge_date>');
    file = file.replace('<acca_activity>A110</acca_activity>', '<acca_activity>X110</acca_activity>');
    file = file.replace(
      '<matter_total_due>2980.23</matter_total_due>',
      '<matter_total_due>2980.24</matter_total_due>',
    );
    const problems = validateLedesXml(file).problems;
    expect(problems.map(({ line, field }) => `${line}:${field}`)).toEqual([
      `${lineOf(file, '<inv_total_net_due>')}:inv_total_net_due`,
      `${lineOf(file, '<matter_total_due>')}:matter_total_due`,
      `${lineOf(file, '<base_amount>1233.00')}:base_amount`,
      `${lineOf(file, '<charge_date>2026-13-09')}:charge_date`,
      `${lineOf(file, '<acca_activity>X110')}:acca_activity`,
    ]);
    expect(problems.find((problem) => problem.field === 'base_amount')?.message).toContain('3.2 × 385.00');
  });

  it('reports XML that is not well-formed, a wrong root, missing segments and elements', () => {
    const broken = ours().replace('</matter_name>', '</matter>');
    const notWellFormed = validateLedesXml(broken);
    expect(notWellFormed.valid).toBe(false);
    expect(notWellFormed.problems[0]).toMatchObject({ line: lineOf(broken, '<matter_name>'), field: 'xml' });

    expect(problemsOf('<?xml version="1.0"?>\n<invoices/>')).toEqual(['2:invoices', '2:firm']);
    const noInvoiceId = ours().replace(/ *<inv_id>INV-2026-0042<\/inv_id>\r\n/, '');
    expect(problemsOf(noInvoiceId)).toEqual([`${lineOf(noInvoiceId, '<invoice>')}:inv_id`]);
    const emptyCurrency = ours().replace(
      '<inv_currency>USD</inv_currency>',
      '<inv_currency>DOLLARS</inv_currency>',
    );
    expect(problemsOf(emptyCurrency)).toEqual([`${lineOf(emptyCurrency, '<inv_currency>')}:inv_currency`]);
    const tooPrecise = ours().replace(
      '<total_amount>975.00</total_amount>',
      '<total_amount>975.001</total_amount>',
    );
    expect(problemsOf(tooPrecise)).toContain(`${lineOf(tooPrecise, '975.001')}:total_amount`);
  });
});
