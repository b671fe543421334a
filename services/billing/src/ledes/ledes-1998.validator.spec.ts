import { writeLedes1998 } from './ledes-1998.writer';
import { validateLedes1998 } from './ledes-1998.validator';
import { LEDES_1998B_FIELDS, LEDES_1998BI_FIELDS } from './ledes-formats';
import { sampleInvoice } from './sample-invoices';

const ours1998B = () =>
  writeLedes1998([sampleInvoice(), sampleInvoice({ invoiceNumber: 'INV-2026-0043' })], '1998B');
const ours1998BI = () => writeLedes1998([sampleInvoice({}, 2000)], '1998BI');

/** The file with field `field` of record `line` (1-based file line) set to `value`. */
function withField(
  file: string,
  line: number,
  field: string,
  value: string,
  fields: readonly string[] = LEDES_1998B_FIELDS,
): string {
  const records = file.split('\r\n');
  const values = records[line - 1]!.slice(0, -2).split('|');
  values[fields.indexOf(field)] = value;
  records[line - 1] = `${values.join('|')}[]`;
  return records.join('\r\n');
}

const problemsOf = (file: string) =>
  validateLedes1998(file).problems.map(({ line, field }) => `${line}:${field}`);

describe('validateLedes1998', () => {
  it('accepts the 1998B and 1998BI files our writers produce', () => {
    expect(validateLedes1998(ours1998B())).toEqual({ valid: true, format: '1998B', problems: [] });
    expect(validateLedes1998(ours1998BI())).toEqual({ valid: true, format: '1998BI', problems: [] });
  });

  it('accepts a file with LF line ends and a byte-order mark', () => {
    expect(validateLedes1998(`\uFEFF${ours1998B().replace(/\r\n/g, '\n')}`).valid).toBe(true);
  });

  it('names a wrong first line and still checks the rest by its field names', () => {
    const result = validateLedes1998(ours1998B().replace('LEDES1998B[]', 'LEDES1998A[]'));
    expect(result.format).toBe('1998B');
    expect(result.problems).toEqual([
      {
        line: 1,
        field: 'format',
        message: "the first line must be 'LEDES1998B[]' or 'LEDES98BI V2[]', not 'LEDES1998A[]'",
      },
    ]);
  });

  it('names a misspelt or misplaced header field', () => {
    const file = ours1998B().replace('|LINE_ITEM_TOTAL|', '|LINE_TOTAL|');
    expect(validateLedes1998(file).problems).toEqual([
      {
        line: 2,
        field: 'LINE_ITEM_TOTAL',
        message: "field 13 of the header is 'LINE_TOTAL', expected 'LINE_ITEM_TOTAL'",
      },
    ]);
  });

  it('finds missing terminators and wrong field counts, line by line', () => {
    const records = ours1998B().split('\r\n');
    records[3] = records[3]!.slice(0, -2);
    records[5] = records[5]!.replace('|AS|', '|AS|extra|');
    expect(problemsOf(records.join('\r\n'))).toEqual(['4:line', '6:line']);
    const messages = validateLedes1998(records.join('\r\n')).problems.map((problem) => problem.message);
    expect(messages).toEqual(["the record does not end with '[]'", 'the record has 25 fields; 1998B has 24']);
  });

  it('finds bad dates and amounts with the field that holds them', () => {
    let file = withField(ours1998B(), 3, 'LINE_ITEM_DATE', '2026-10-02');
    file = withField(file, 4, 'LINE_ITEM_DATE', '20260231');
    file = withField(file, 5, 'LINE_ITEM_UNIT_COST', '180,00');
    expect(problemsOf(file)).toEqual(['3:LINE_ITEM_DATE', '4:LINE_ITEM_DATE', '5:LINE_ITEM_UNIT_COST']);
  });

  it('finds a line total that is not units × unit cost + adjustment, and the invoice total it breaks', () => {
    const file = withField(ours1998B(), 4, 'LINE_ITEM_TOTAL', '1232.00');
    expect(validateLedes1998(file).problems).toEqual([
      {
        line: 3,
        field: 'INVOICE_TOTAL',
        message:
          'invoice INV-2026-0042: INVOICE_TOTAL 2980.23 is not the sum of its LINE_ITEM_TOTALs (3095.73)',
      },
      {
        line: 4,
        field: 'LINE_ITEM_TOTAL',
        message: '1232.00 is not units × unit cost + adjustment (1116.50)',
      },
    ]);
  });

  it('accepts a total rounded half-up to the cent and refuses one a cent off', () => {
    // 1 h × 333.33 is exact; 0.7 h × 180.00 = 126.00; make a line 0.3 h × 333.33 = 99.999.
    let file = withField(ours1998B(), 6, 'LINE_ITEM_NUMBER_OF_UNITS', '0.3');
    file = withField(file, 6, 'LINE_ITEM_TOTAL', '100.00');
    expect(problemsOf(file).filter((problem) => problem.endsWith('LINE_ITEM_TOTAL'))).toEqual([]);
    file = withField(file, 6, 'LINE_ITEM_TOTAL', '100.01');
    expect(problemsOf(file).filter((problem) => problem.endsWith('LINE_ITEM_TOTAL'))).toEqual([
      '6:LINE_ITEM_TOTAL',
    ]);
  });

  it('finds invoice fields that differ between lines of the same invoice', () => {
    const file = withField(ours1998B(), 5, 'BILLING_END_DATE', '20261130');
    expect(validateLedes1998(file).problems).toEqual([
      {
        line: 5,
        field: 'BILLING_END_DATE',
        message:
          "BILLING_END_DATE is '20261130' here but '20261031' on line 3, the same invoice INV-2026-0042",
      },
    ]);
  });

  it('finds UTBMS codes of the wrong shape, an unknown line type and a reused line number', () => {
    let file = withField(ours1998B(), 3, 'LINE_ITEM_TASK_CODE', 'L1100');
    file = withField(file, 3, 'LINE_ITEM_ACTIVITY_CODE', 'E101');
    file = withField(file, 7, 'LINE_ITEM_EXPENSE_CODE', 'e101');
    file = withField(file, 4, 'EXP/FEE/INV_ADJ_TYPE', 'X');
    file = withField(file, 5, 'LINE_ITEM_NUMBER', '1');
    expect(problemsOf(file)).toEqual([
      '3:LINE_ITEM_TASK_CODE',
      '3:LINE_ITEM_ACTIVITY_CODE',
      '4:EXP/FEE/INV_ADJ_TYPE',
      '5:LINE_ITEM_NUMBER',
      '7:LINE_ITEM_EXPENSE_CODE',
    ]);
  });

  it('finds required fields left empty and a fee line with no timekeeper', () => {
    let file = withField(ours1998B(), 3, 'CLIENT_ID', '');
    file = withField(file, 4, 'TIMEKEEPER_ID', '');
    expect(validateLedes1998(file).problems).toEqual([
      { line: 3, field: 'CLIENT_ID', message: 'CLIENT_ID is required' },
      {
        line: 3,
        field: 'CLIENT_ID',
        message: "CLIENT_ID is '' here but 'NWC-001' on line 4, the same invoice INV-2026-0042",
      },
      { line: 4, field: 'TIMEKEEPER_ID', message: 'a fee line needs TIMEKEEPER_ID' },
    ]);
  });

  it('checks 1998BI tax: line tax against the rate, the tax total and net = total − tax', () => {
    let file = withField(ours1998BI(), 3, 'LINE_ITEM_TAX_TOTAL', '190.00', LEDES_1998BI_FIELDS);
    file = withField(file, 3, 'LINE_ITEM_TOTAL', '1165.00', LEDES_1998BI_FIELDS);
    expect(problemsOf(file)).toEqual(['3:LINE_ITEM_TAX_TOTAL', '3:INVOICE_TOTAL', '3:INVOICE_TAX_TOTAL']);
    const currency = withField(ours1998BI(), 4, 'INVOICE_CURRENCY', 'XYZ', LEDES_1998BI_FIELDS);
    expect(problemsOf(currency)).toEqual(['4:INVOICE_CURRENCY', '4:INVOICE_CURRENCY']);
  });

  it('refuses a file that is not LEDES at all, an empty one, and one with no lines', () => {
    expect(validateLedes1998('')).toEqual({
      valid: false,
      problems: [{ line: 1, field: 'format', message: 'the file is empty' }],
    });
    expect(problemsOf('invoice,amount\nA,1\n')).toEqual(['1:format', '1:format', '2:header']);
    expect(problemsOf(ours1998B().split('\r\n').slice(0, 2).join('\r\n'))).toEqual(['3:line']);
  });
});
