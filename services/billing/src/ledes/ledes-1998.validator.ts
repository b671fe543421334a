import { isCalendarDate, isCurrencyCode } from '@lawfirm/primitives';
import { minorUnitDigits, parseDecimal, rescale, type ScaledDecimal } from './ledes-amounts';
import {
  LEDES_1998_FORMATS,
  LEDES_1998_LAYOUTS,
  LEDES_20_CHARACTER_FIELDS,
  LEDES_FIELD_SEPARATOR,
  LEDES_RECORD_TERMINATOR,
  UTBMS_CODE_PATTERNS,
  type Ledes1998Field,
  type Ledes1998Format,
  type LedesExportFormat,
} from './ledes-formats';

/** One thing wrong with a LEDES file: its line (1-based, the format line is 1) and field. */
export interface LedesProblem {
  line: number;
  field: string;
  message: string;
}

export interface LedesValidation {
  valid: boolean;
  /** The format the file declares (or, when its first line is wrong, the one its field names match). */
  format?: LedesExportFormat;
  problems: LedesProblem[];
}

const DATE_FIELDS: readonly Ledes1998Field[] = [
  'INVOICE_DATE',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'LINE_ITEM_DATE',
];
const AMOUNT_FIELDS: readonly Ledes1998Field[] = [
  'INVOICE_TOTAL',
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_ADJUSTMENT_AMOUNT',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_UNIT_COST',
  'INVOICE_TAX_TOTAL',
  'INVOICE_NET_TOTAL',
  'LINE_ITEM_TAX_RATE',
  'LINE_ITEM_TAX_TOTAL',
  'INVOICE_REPORTED_TAX_TOTAL',
];
const REQUIRED_FIELDS: Readonly<Record<Ledes1998Format, readonly Ledes1998Field[]>> = {
  '1998B': [
    'INVOICE_DATE',
    'INVOICE_NUMBER',
    'CLIENT_ID',
    'LAW_FIRM_MATTER_ID',
    'INVOICE_TOTAL',
    'BILLING_START_DATE',
    'BILLING_END_DATE',
    'LINE_ITEM_NUMBER',
    'EXP/FEE/INV_ADJ_TYPE',
    'LINE_ITEM_TOTAL',
    'LINE_ITEM_DATE',
    'LAW_FIRM_ID',
  ],
  '1998BI': [],
};
const REQUIRED_1998BI_EXTRA: readonly Ledes1998Field[] = ['INVOICE_NET_TOTAL', 'INVOICE_CURRENCY'];
/** Fields that describe the invoice, so every line of one invoice must carry the same value. */
const INVOICE_LEVEL_FIELDS: readonly Ledes1998Field[] = [
  'INVOICE_DATE',
  'CLIENT_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'LAW_FIRM_ID',
  'INVOICE_TAX_TOTAL',
  'INVOICE_NET_TOTAL',
  'INVOICE_CURRENCY',
  'ACCOUNT_TYPE',
  'INVOICE_REPORTED_TAX_TOTAL',
  'INVOICE_TAX_CURRENCY',
];
const TYPE_CODES = new Set(['F', 'E', 'IF', 'IE']);
/** LEDES amounts: up to 14 digits before the point and 4 after. */
const AMOUNT = /^-?\d{1,14}(\.\d{1,4})?$/;
const LEDES_DATE = /^(\d{4})(\d{2})(\d{2})$/;
/** Products of two amounts are compared at 8 decimals, exactly. */
const PRODUCT_SCALE = 8;

interface Row {
  line: number;
  values: Map<Ledes1998Field, string>;
}

/**
 * Checks a LEDES 1998B or 1998BI file — ours or anyone's — and lists every problem it finds,
 * each with its line and field, instead of stopping at the first.
 */
export function validateLedes1998(text: string): LedesValidation {
  const problems: LedesProblem[] = [];
  const add = (line: number, field: string, message: string) => problems.push({ line, field, message });
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) {
    add(1, 'format', 'the file is empty');
    return { valid: false, problems };
  }

  const [markerLine, headerLine = ''] = lines;
  const declared = LEDES_1998_FORMATS.find(
    (format) => withoutTerminator(markerLine!).trim() === LEDES_1998_LAYOUTS[format].marker,
  );
  if (!markerLine!.endsWith(LEDES_RECORD_TERMINATOR)) add(1, 'format', "the line does not end with '[]'");
  const headerNames = withoutTerminator(headerLine).split(LEDES_FIELD_SEPARATOR);
  const format =
    declared ??
    LEDES_1998_FORMATS.find(
      (candidate) => LEDES_1998_LAYOUTS[candidate].fields.length === headerNames.length,
    );
  if (!declared)
    add(
      1,
      'format',
      `the first line must be 'LEDES1998B[]' or 'LEDES98BI V2[]', not '${truncate(markerLine!)}'`,
    );
  if (!format) {
    add(2, 'header', `the header has ${headerNames.length} fields; 1998B has 24 and 1998BI 52`);
    return { valid: false, problems };
  }
  const fields = LEDES_1998_LAYOUTS[format].fields;

  if (lines.length < 2) {
    add(2, 'header', 'the field-name line is missing');
    return { valid: false, format, problems };
  }
  if (!headerLine.endsWith(LEDES_RECORD_TERMINATOR)) add(2, 'header', "the line does not end with '[]'");
  if (headerNames.length !== fields.length)
    add(2, 'header', `the header has ${headerNames.length} fields; ${format} has ${fields.length}`);
  fields.forEach((expected, index) => {
    const actual = headerNames[index];
    if (actual !== undefined && actual !== expected)
      add(2, expected, `field ${index + 1} of the header is '${truncate(actual)}', expected '${expected}'`);
  });

  const rows: Row[] = [];
  // Invoices with a record that could not be split into fields: their sums cannot be checked.
  const unreadable = new Set<string>();
  for (let index = 2; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const raw = lines[index]!;
    if (raw.trim() === '') {
      add(lineNumber, 'line', 'empty line inside the file');
      continue;
    }
    if (!raw.endsWith(LEDES_RECORD_TERMINATOR)) add(lineNumber, 'line', "the record does not end with '[]'");
    const values = withoutTerminator(raw).split(LEDES_FIELD_SEPARATOR);
    if (values.length !== fields.length) {
      add(lineNumber, 'line', `the record has ${values.length} fields; ${format} has ${fields.length}`);
      unreadable.add(values[fields.indexOf('INVOICE_NUMBER')] ?? '');
      continue;
    }
    rows.push({ line: lineNumber, values: new Map(fields.map((field, at) => [field, values[at]!])) });
  }
  if (lines.length <= 2) add(3, 'line', 'the file has no invoice lines');

  for (const row of rows) checkRow(row, format, add);
  checkInvoices(rows, format, unreadable, add);
  problems.sort((a, b) => a.line - b.line);
  return { valid: problems.length === 0, format, problems };
}

type Add = (line: number, field: string, message: string) => void;

function checkRow(row: Row, format: Ledes1998Format, add: Add): void {
  const value = (field: Ledes1998Field) => row.values.get(field) ?? '';
  const required =
    format === '1998B' ? REQUIRED_FIELDS['1998B'] : [...REQUIRED_FIELDS['1998B'], ...REQUIRED_1998BI_EXTRA];
  for (const field of required) if (value(field) === '') add(row.line, field, `${field} is required`);
  for (const field of DATE_FIELDS)
    if (value(field) !== '' && !isLedesDate(value(field)))
      add(row.line, field, `'${truncate(value(field))}' is not a date written YYYYMMDD`);
  for (const field of AMOUNT_FIELDS)
    if (row.values.has(field) && value(field) !== '' && !AMOUNT.test(value(field)))
      add(
        row.line,
        field,
        `'${truncate(value(field))}' is not an amount (digits, an optional '-' and up to 4 decimals)`,
      );
  for (const field of LEDES_20_CHARACTER_FIELDS)
    if (value(field).length > 20) add(row.line, field, `${field} is longer than 20 characters`);
  const type = value('EXP/FEE/INV_ADJ_TYPE');
  if (type !== '' && !TYPE_CODES.has(type))
    add(row.line, 'EXP/FEE/INV_ADJ_TYPE', `'${truncate(type)}' is not one of F, E, IF, IE`);
  if (isLedesDate(value('BILLING_START_DATE')) && isLedesDate(value('BILLING_END_DATE')))
    if (value('BILLING_START_DATE') > value('BILLING_END_DATE'))
      add(row.line, 'BILLING_END_DATE', 'the billing period ends before it starts');
  const codes: Array<[Ledes1998Field, RegExp, string]> = [
    ['LINE_ITEM_TASK_CODE', UTBMS_CODE_PATTERNS.task, 'a task code such as L110'],
    ['LINE_ITEM_ACTIVITY_CODE', UTBMS_CODE_PATTERNS.activity, 'an activity code such as A101'],
    ['LINE_ITEM_EXPENSE_CODE', UTBMS_CODE_PATTERNS.expense, 'an expense code such as E101'],
  ];
  for (const [field, pattern, kind] of codes)
    if (value(field) !== '' && !pattern.test(value(field)))
      add(row.line, field, `'${truncate(value(field))}' is not a UTBMS code: expected ${kind}`);
  if (type === 'F') {
    if (value('TIMEKEEPER_ID') === '') add(row.line, 'TIMEKEEPER_ID', 'a fee line needs TIMEKEEPER_ID');
    if (value('TIMEKEEPER_CLASSIFICATION') === '')
      add(row.line, 'TIMEKEEPER_CLASSIFICATION', 'a fee line needs TIMEKEEPER_CLASSIFICATION');
  }
  if (type === 'F' || type === 'E')
    for (const field of ['LINE_ITEM_NUMBER_OF_UNITS', 'LINE_ITEM_UNIT_COST'] as const)
      if (value(field) === '') add(row.line, field, `${field} is required on a fee or expense line`);
  if (format === '1998BI') {
    const currency = value('INVOICE_CURRENCY');
    if (currency !== '' && !isCurrencyCode(currency))
      add(row.line, 'INVOICE_CURRENCY', `'${truncate(currency)}' is not an ISO 4217 currency code`);
    const taxCurrency = value('INVOICE_TAX_CURRENCY');
    if (taxCurrency !== '' && !isCurrencyCode(taxCurrency))
      add(row.line, 'INVOICE_TAX_CURRENCY', `'${truncate(taxCurrency)}' is not an ISO 4217 currency code`);
    const account = value('ACCOUNT_TYPE');
    if (account !== '' && account !== 'O' && account !== 'T')
      add(row.line, 'ACCOUNT_TYPE', "ACCOUNT_TYPE must be 'O' or 'T'");
  }
  checkLineArithmetic(row, format, add);
}

function checkLineArithmetic(row: Row, format: Ledes1998Format, add: Add): void {
  const amount = (field: Ledes1998Field): ScaledDecimal | undefined => {
    const text = row.values.get(field) ?? '';
    if (text === '') return { value: 0n, scale: 0 };
    return AMOUNT.test(text) ? parseDecimal(text) : undefined;
  };
  const units = amount('LINE_ITEM_NUMBER_OF_UNITS');
  const cost = amount('LINE_ITEM_UNIT_COST');
  const adjustment = amount('LINE_ITEM_ADJUSTMENT_AMOUNT');
  const total = amount('LINE_ITEM_TOTAL');
  const tax = format === '1998BI' ? amount('LINE_ITEM_TAX_TOTAL') : { value: 0n, scale: 0 };
  if (!units || !cost || !adjustment || !total || !tax || (row.values.get('LINE_ITEM_TOTAL') ?? '') === '')
    return;
  const tolerance = halfMinorUnit(row, format);
  const net =
    units.value * cost.value * 10n ** BigInt(PRODUCT_SCALE - units.scale - cost.scale) +
    rescale(adjustment, PRODUCT_SCALE);
  const expected = net + rescale(tax, PRODUCT_SCALE);
  if (absolute(expected - rescale(total, PRODUCT_SCALE)) > tolerance)
    add(
      row.line,
      'LINE_ITEM_TOTAL',
      `${row.values.get('LINE_ITEM_TOTAL')} is not units × unit cost + adjustment${format === '1998BI' ? ' + tax' : ''} (${describe(expected)})`,
    );
  const rate = format === '1998BI' ? amount('LINE_ITEM_TAX_RATE') : undefined;
  if (rate && (row.values.get('LINE_ITEM_TAX_RATE') ?? '') !== '') {
    // net is at scale 8 and the rate at its own: bring the product back to scale 8.
    const expectedTax = (net * rescale(rate, 4)) / 10_000n;
    if (absolute(expectedTax - rescale(tax, PRODUCT_SCALE)) > tolerance)
      add(
        row.line,
        'LINE_ITEM_TAX_TOTAL',
        `${row.values.get('LINE_ITEM_TAX_TOTAL')} is not the line's net × tax rate (${describe(expectedTax)})`,
      );
  }
}

function checkInvoices(
  rows: readonly Row[],
  format: Ledes1998Format,
  unreadable: ReadonlySet<string>,
  add: Add,
): void {
  const byInvoice = new Map<string, Row[]>();
  for (const row of rows) {
    const number = row.values.get('INVOICE_NUMBER') ?? '';
    if (number === '') continue;
    const invoiceRows = byInvoice.get(number);
    if (invoiceRows) invoiceRows.push(row);
    else byInvoice.set(number, [row]);
  }
  for (const [invoiceNumber, invoiceRows] of byInvoice) {
    const first = invoiceRows[0]!;
    for (const field of INVOICE_LEVEL_FIELDS) {
      if (!first.values.has(field)) continue;
      // The value most lines agree on is the invoice's; each line that differs is named.
      const agreed = mostCommon(invoiceRows.map((row) => row.values.get(field) ?? ''));
      const agreedOn = invoiceRows.find((row) => row.values.get(field) === agreed)!;
      for (const row of invoiceRows) {
        const here = row.values.get(field) ?? '';
        if (here !== agreed)
          add(
            row.line,
            field,
            `${field} is '${truncate(here)}' here but '${truncate(agreed)}' on line ${agreedOn.line}, the same invoice ${invoiceNumber}`,
          );
      }
    }
    const seen = new Map<string, number>();
    for (const row of invoiceRows) {
      const lineItem = row.values.get('LINE_ITEM_NUMBER') ?? '';
      if (lineItem !== '' && seen.has(lineItem))
        add(
          row.line,
          'LINE_ITEM_NUMBER',
          `line item ${lineItem} of invoice ${invoiceNumber} is already on line ${seen.get(lineItem)}`,
        );
      seen.set(lineItem, row.line);
    }
    if (unreadable.has(invoiceNumber)) continue;
    const sum = (field: Ledes1998Field) =>
      invoiceRows.reduce<bigint | undefined>((total, row) => {
        const parsed = parseDecimal(row.values.get(field) ?? '');
        return total === undefined || !parsed || !AMOUNT.test(row.values.get(field) ?? '')
          ? undefined
          : total + rescale(parsed, 4);
      }, 0n);
    const declared = (field: Ledes1998Field) => {
      const text = first.values.get(field) ?? '';
      return AMOUNT.test(text) ? rescale(parseDecimal(text)!, 4) : undefined;
    };
    const lineTotal = sum('LINE_ITEM_TOTAL');
    const invoiceTotal = declared('INVOICE_TOTAL');
    if (lineTotal !== undefined && invoiceTotal !== undefined && lineTotal !== invoiceTotal)
      add(
        first.line,
        'INVOICE_TOTAL',
        `invoice ${invoiceNumber}: INVOICE_TOTAL ${first.values.get('INVOICE_TOTAL')} is not the sum of its LINE_ITEM_TOTALs (${describe(lineTotal, 4)})`,
      );
    if (format === '1998BI') {
      const lineTax = sum('LINE_ITEM_TAX_TOTAL');
      const invoiceTax = declared('INVOICE_TAX_TOTAL');
      if (lineTax !== undefined && invoiceTax !== undefined && lineTax !== invoiceTax)
        add(
          first.line,
          'INVOICE_TAX_TOTAL',
          `invoice ${invoiceNumber}: INVOICE_TAX_TOTAL ${first.values.get('INVOICE_TAX_TOTAL')} is not the sum of its LINE_ITEM_TAX_TOTALs (${describe(lineTax, 4)})`,
        );
      const net = declared('INVOICE_NET_TOTAL');
      if (
        net !== undefined &&
        invoiceTotal !== undefined &&
        invoiceTax !== undefined &&
        net !== invoiceTotal - invoiceTax
      )
        add(
          first.line,
          'INVOICE_NET_TOTAL',
          `invoice ${invoiceNumber}: INVOICE_NET_TOTAL ${first.values.get('INVOICE_NET_TOTAL')} is not INVOICE_TOTAL − INVOICE_TAX_TOTAL (${describe(invoiceTotal - invoiceTax, 4)})`,
        );
    }
  }
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0]!;
  for (const [value, count] of counts) if (count > counts.get(best)!) best = value;
  return best;
}

function withoutTerminator(line: string): string {
  return line.endsWith(LEDES_RECORD_TERMINATOR) ? line.slice(0, -LEDES_RECORD_TERMINATOR.length) : line;
}

function isLedesDate(text: string): boolean {
  const match = LEDES_DATE.exec(text);
  return !!match && isCalendarDate(`${match[1]}-${match[2]}-${match[3]}`);
}

/** Half the invoice currency's minor unit at PRODUCT_SCALE (1998B names no currency: cents). */
function halfMinorUnit(row: Row, format: Ledes1998Format): bigint {
  const currency = format === '1998BI' ? (row.values.get('INVOICE_CURRENCY') ?? '') : '';
  const digits = isCurrencyCode(currency) ? minorUnitDigits(currency) : 2;
  return 5n * 10n ** BigInt(PRODUCT_SCALE - digits - 1);
}

const absolute = (value: bigint): bigint => (value < 0n ? -value : value);

function describe(value: bigint, scale = PRODUCT_SCALE): string {
  const negative = value < 0n;
  const digits = absolute(value)
    .toString()
    .padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits
    .slice(digits.length - scale)
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Echoed values are cut short so a problem list never repeats a whole hostile line. */
function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
