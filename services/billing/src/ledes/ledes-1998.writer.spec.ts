import { LedesExportRefusedError } from './ledes-export.rules';
import { writeLedes1998 } from './ledes-1998.writer';
import { LEDES_1998B_FIELDS, LEDES_1998BI_FIELDS } from './ledes-formats';
import { sampleInvoice, sampleLine } from './sample-invoices';

const recordsOf = (file: string) => file.split('\r\n').slice(0, -1);
const fieldsOf = (record: string) => record.slice(0, -2).split('|');

function refusal(run: () => unknown): LedesExportRefusedError {
  try {
    run();
  } catch (error) {
    if (error instanceof LedesExportRefusedError) return error;
    throw error;
  }
  throw new Error('expected the export to be refused');
}

describe('writeLedes1998', () => {
  it('writes the 1998B marker, the 24 field names and one record per line, each ending [] CRLF', () => {
    const file = writeLedes1998([sampleInvoice()], '1998B');
    expect(file.endsWith('[]\r\n')).toBe(true);
    const records = recordsOf(file);
    expect(records[0]).toBe('LEDES1998B[]');
    expect(records[1]).toBe(`${LEDES_1998B_FIELDS.join('|')}[]`);
    expect(LEDES_1998B_FIELDS).toHaveLength(24);
    expect(records).toHaveLength(2 + 6);
    for (const record of records) expect(record.endsWith('[]')).toBe(true);
  });

  it('writes dates as YYYYMMDD, amounts with the currency decimals and hours with their tenths', () => {
    const [, , first, second] = recordsOf(writeLedes1998([sampleInvoice()], '1998B'));
    expect(fieldsOf(first!)).toEqual([
      '20261102',
      'INV-2026-0042',
      'NWC-001',
      'M-2026-0117',
      '2980.23',
      '20261001',
      '20261031',
      'Professional services rendered in October 2026',
      '1',
      'F',
      '1.5',
      '0.00',
      '975.00',
      '20261002',
      'L110',
      '',
      'A106',
      'TK-001',
      'Conference with client regarding the supplier’s breach-of-contract claim and strategy.',
      '13-4567890',
      '650.00',
      'Okafor, Margaret',
      'PT',
      'LIT-88231',
    ]);
    // 3.2 h × 385.00 = 1232.00, less a 115.50 write-down.
    expect(fieldsOf(second!).slice(10, 13)).toEqual(['3.2', '-115.50', '1116.50']);
  });

  it('writes yen without decimals', () => {
    const invoice = sampleInvoice({
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
    });
    const fields = fieldsOf(recordsOf(writeLedes1998([invoice], '1998B'))[2]!);
    expect([fields[4], fields[10], fields[12], fields[20]]).toEqual(['3750', '3', '3750', '1250']);
  });

  it('writes 1998BI with 52 fields, tax per line, gross, tax and net invoice totals', () => {
    const records = recordsOf(writeLedes1998([sampleInvoice({}, 2000)], '1998BI'));
    expect(records[0]).toBe('LEDES98BI V2[]');
    expect(records[1]).toBe(`${LEDES_1998BI_FIELDS.join('|')}[]`);
    expect(LEDES_1998BI_FIELDS).toHaveLength(52);
    const first = new Map(LEDES_1998BI_FIELDS.map((field, index) => [field, fieldsOf(records[2]!)[index]]));
    expect(first.get('LINE_ITEM_TOTAL')).toBe('1170.00'); // 975.00 + 20% VAT
    expect(first.get('LINE_ITEM_TAX_RATE')).toBe('0.2000');
    expect(first.get('LINE_ITEM_TAX_TOTAL')).toBe('195.00');
    expect(first.get('INVOICE_NET_TOTAL')).toBe('2980.23');
    expect(first.get('INVOICE_TAX_TOTAL')).toBe('515.05');
    expect(first.get('INVOICE_TOTAL')).toBe('3495.28');
    expect(first.get('INVOICE_CURRENCY')).toBe('USD');
    expect(first.get('TIMEKEEPER_LAST_NAME')).toBe('Okafor');
    expect(first.get('LAW_FIRM_COUNTRY')).toBe('US');
    const untaxed = new Map(LEDES_1998BI_FIELDS.map((field, index) => [field, fieldsOf(records[6]!)[index]]));
    expect([untaxed.get('LINE_ITEM_TAX_RATE'), untaxed.get('LINE_ITEM_TAX_TOTAL')]).toEqual(['', '0.00']);
  });

  it('writes a batch of invoices in one file under one header', () => {
    const file = writeLedes1998(
      [sampleInvoice(), sampleInvoice({ invoiceNumber: 'INV-2026-0043' })],
      '1998B',
    );
    const numbers = recordsOf(file)
      .slice(2)
      .map((record) => fieldsOf(record)[1]);
    expect(new Set(numbers)).toEqual(new Set(['INV-2026-0042', 'INV-2026-0043']));
    expect(numbers).toHaveLength(12);
  });

  it('turns line breaks in narratives into spaces so each record stays one line', () => {
    const invoice = sampleInvoice();
    invoice.lines[0] = { ...invoice.lines[0]!, description: 'Call with client.\r\nFollow-up e-mail.' };
    const fields = fieldsOf(recordsOf(writeLedes1998([invoice], '1998B'))[2]!);
    expect(fields[18]).toBe('Call with client. Follow-up e-mail.');
  });

  it('refuses, naming every line, when the client requires codes the lines lack', () => {
    const invoice = sampleInvoice();
    invoice.lines[1] = { ...invoice.lines[1]!, taskCode: undefined };
    invoice.lines[2] = { ...invoice.lines[2]!, activityCode: undefined, taskCode: undefined };
    invoice.lines[4] = { ...invoice.lines[4]!, expenseCode: undefined };
    const error = refusal(() => writeLedes1998([invoice], '1998B'));
    expect(error.code).toBe('ledes_export_refused');
    expect(error.kind).toBe('unprocessable');
    expect(error.fieldErrors.map((problem) => problem.field)).toEqual([
      'invoices[0].lines[1].taskCode',
      'invoices[0].lines[2].taskCode',
      'invoices[0].lines[2].activityCode',
      'invoices[0].lines[4].expenseCode',
    ]);
    expect(error.fieldErrors[0]!.message).toBe(
      "Invoice INV-2026-0042: line 2 (fee, 2026-10-05): the client's e-billing profile requires a UTBMS task code",
    );
  });

  it('exports lines without codes the client does not require, leaving the field empty', () => {
    const invoice = sampleInvoice({
      ebilling: {
        clientId: 'NWC-001',
        lawFirmId: '13-4567890',
        requiredCodes: { task: false, activity: false, expense: false },
      },
    });
    invoice.lines[0] = { ...invoice.lines[0]!, taskCode: undefined, activityCode: undefined };
    const fields = fieldsOf(recordsOf(writeLedes1998([invoice], '1998B'))[2]!);
    expect([fields[14], fields[16]]).toEqual(['', '']);
  });

  it('refuses a taxed invoice as 1998B, malformed codes, totals that do not add up and a separator in text', () => {
    const invoice = sampleInvoice({}, 2000);
    invoice.lines[3] = {
      ...invoice.lines[3]!,
      taskCode: 'L21',
      totalMinor: 33_334,
      description: 'Draft | answer',
    };
    const fields = refusal(() => writeLedes1998([invoice], '1998B')).fieldErrors.map(
      (problem) => problem.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'invoices[0].lines[0].tax',
        'invoices[0].lines[3].taskCode',
        'invoices[0].lines[3].totalMinor',
        'invoices[0].lines[3].description',
      ]),
    );
  });

  it('refuses a batch naming one invoice number twice, and an empty e-billing client id', () => {
    const problems = refusal(() =>
      writeLedes1998(
        [sampleInvoice(), sampleInvoice({ ebilling: { ...sampleInvoice().ebilling, clientId: '' } })],
        '1998B',
      ),
    ).fieldErrors.map((problem) => problem.field);
    expect(problems).toEqual(['invoices[1].invoiceNumber', 'invoices[1].ebilling.clientId']);
  });
});
