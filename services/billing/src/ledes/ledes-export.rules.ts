import { DomainError, type FieldError } from '@lawfirm/errors';
import { isCalendarDate, isCurrencyCode } from '@lawfirm/primitives';
import { extendedAmountMinor, taxAmountMinor } from './ledes-amounts';
import { LEDES_XML_FORMAT, UTBMS_CODE_PATTERNS, type LedesExportFormat } from './ledes-formats';
import { LEDES_CLASSIFICATIONS, type LedesInvoice, type LedesLine } from './ledes-invoice';

/** The invoices cannot be written as LEDES as they are; `fieldErrors` lists everything to fix. */
export class LedesExportRefusedError extends DomainError {
  constructor(problems: FieldError[]) {
    super(
      'unprocessable',
      'ledes_export_refused',
      `The invoices cannot be exported as LEDES: ${problems.length} thing(s) to fix first.`,
      problems,
    );
  }
}

/** Characters that would break a record: the separator, the terminator. */
const UNWRITABLE = /\||\[\]/;
/** Characters XML 1.0 cannot carry at all (controls other than tab and line breaks, lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What the format cannot carry in text, and how to say so. */
function unwritable(format: LedesExportFormat): { pattern: RegExp; what: string } {
  return format === LEDES_XML_FORMAT
    ? { pattern: NOT_XML, what: 'a control character XML cannot carry' }
    : { pattern: UNWRITABLE, what: "'|' or '[]', which LEDES cannot carry" };
}
const MAX_ID_LENGTH = 20;
const MAX_TIMEKEEPER_NAME_LENGTH = 30;

/**
 * Everything that keeps `invoices` from being a correct LEDES file in `format` — never filled in
 * with a default: a missing UTBMS code the client requires is named, line by line.
 */
export function ledesExportProblems(
  invoices: readonly LedesInvoice[],
  format: LedesExportFormat,
): FieldError[] {
  const problems: FieldError[] = [];
  if (invoices.length === 0) problems.push({ field: 'invoices', message: 'at least one invoice is needed' });
  const seenNumbers = new Set<string>();
  invoices.forEach((invoice, index) => {
    const at = `invoices[${index}]`;
    const add = (field: string, message: string) =>
      problems.push({
        field: `${at}.${field}`,
        message: `Invoice ${invoice.invoiceNumber || index + 1}: ${message}`,
      });
    if (seenNumbers.has(invoice.invoiceNumber)) add('invoiceNumber', 'appears twice in the batch');
    seenNumbers.add(invoice.invoiceNumber);
    const ids: Array<[string, string]> = [
      ['invoiceNumber', invoice.invoiceNumber],
      ['ebilling.clientId', invoice.ebilling.clientId],
      ['ebilling.lawFirmId', invoice.ebilling.lawFirmId],
      ['lawFirmMatterId', invoice.lawFirmMatterId],
      ['clientMatterId', invoice.clientMatterId],
    ];
    for (const [field, value] of ids) {
      if (!value.trim()) add(field, `${field} is missing (the client's e-billing profile must supply it)`);
      else if (field !== 'ebilling.lawFirmId' && value.length > MAX_ID_LENGTH)
        add(field, `${field} is longer than ${MAX_ID_LENGTH} characters`);
    }
    for (const field of ['invoiceDate', 'billingStartDate', 'billingEndDate'] as const)
      if (!isCalendarDate(invoice[field])) add(field, `${field} must be a calendar date`);
    if (invoice.billingStartDate > invoice.billingEndDate)
      add('billingEndDate', 'the billing period ends before it starts');
    if (!isCurrencyCode(invoice.currency)) add('currency', 'currency must be an ISO 4217 code');
    const text = unwritable(format);
    for (const [field, value] of textFieldsOf(invoice))
      if (text.pattern.test(value)) add(field, `${field} contains ${text.what}`);
    if (format === '1998BI' || format === LEDES_XML_FORMAT) {
      if (!invoice.lawFirm.name.trim()) add('lawFirm.name', 'the law firm name is missing');
      if (!invoice.client.name.trim()) add('client.name', 'the client name is missing');
    }
    if (invoice.lines.length === 0) add('lines', 'an invoice needs at least one line');
    const seenLines = new Set<number>();
    invoice.lines.forEach((line, lineIndex) => {
      const lineAt = `lines[${lineIndex}]`;
      const addLine = (field: string, message: string) =>
        add(`${lineAt}.${field}`, `line ${line.lineNumber} (${line.type}, ${line.date}): ${message}`);
      if (seenLines.has(line.lineNumber)) addLine('lineNumber', 'the line number is used twice');
      seenLines.add(line.lineNumber);
      lineProblems(invoice, line, format, addLine);
    });
  });
  return problems;
}

function lineProblems(
  invoice: LedesInvoice,
  line: LedesLine,
  format: LedesExportFormat,
  add: (field: string, message: string) => void,
): void {
  const required = invoice.ebilling.requiredCodes;
  const isFee = line.type === 'fee';
  const isExpense = line.type === 'expense';
  if (!isCalendarDate(line.date)) add('date', 'the date must be a calendar date');
  if (isFee && required.task && !line.taskCode)
    add('taskCode', "the client's e-billing profile requires a UTBMS task code");
  if (isFee && required.activity && !line.activityCode)
    add('activityCode', "the client's e-billing profile requires a UTBMS activity code");
  if (isExpense && required.expense && !line.expenseCode)
    add('expenseCode', "the client's e-billing profile requires a UTBMS expense code");
  const codes = [
    ['taskCode', line.taskCode, UTBMS_CODE_PATTERNS.task],
    ['activityCode', line.activityCode, UTBMS_CODE_PATTERNS.activity],
    ['expenseCode', line.expenseCode, UTBMS_CODE_PATTERNS.expense],
  ] as const;
  for (const [field, code, pattern] of codes)
    if (code !== undefined && code !== '' && !pattern.test(code))
      add(field, `'${code}' is not a UTBMS code of this kind`);
  if (isFee && !line.timekeeper) add('timekeeper', 'a fee line needs its timekeeper');
  if (line.timekeeper) {
    if (!line.timekeeper.id.trim() || line.timekeeper.id.length > MAX_ID_LENGTH)
      add('timekeeper.id', `the timekeeper id must have 1 to ${MAX_ID_LENGTH} characters`);
    if (`${line.timekeeper.lastName}, ${line.timekeeper.firstName}`.length > MAX_TIMEKEEPER_NAME_LENGTH)
      add(
        'timekeeper',
        `the timekeeper name ("Last, First") is longer than ${MAX_TIMEKEEPER_NAME_LENGTH} characters`,
      );
    if (!line.timekeeper.lastName.trim()) add('timekeeper.lastName', "the timekeeper's name is missing");
    if (unwritable(format).pattern.test(`${line.timekeeper.lastName}${line.timekeeper.firstName}`))
      add('timekeeper', `the timekeeper name contains ${unwritable(format).what}`);
    if (!(LEDES_CLASSIFICATIONS as readonly string[]).includes(line.timekeeper.classification))
      add(
        'timekeeper.classification',
        `the classification must be one of ${LEDES_CLASSIFICATIONS.join(', ')}`,
      );
  }
  for (const [field, value] of [
    ['unitsScaled', line.unitsScaled],
    ['unitCostMinor', line.unitCostMinor],
    ['adjustmentMinor', line.adjustmentMinor],
    ['totalMinor', line.totalMinor],
  ] as const)
    if (!Number.isSafeInteger(value)) add(field, `${field} must be an integer`);
  const expected = extendedAmountMinor(line.unitsScaled, line.unitCostMinor) + line.adjustmentMinor;
  if (expected !== line.totalMinor)
    add('totalMinor', `the total ${line.totalMinor} is not units × unit cost + adjustment (${expected})`);
  if (line.matter) {
    for (const field of ['lawFirmMatterId', 'clientMatterId'] as const) {
      const value = line.matter[field];
      if (!value.trim())
        add(`matter.${field}`, `${field} is missing (the client's e-billing profile must supply it)`);
      else if (value.length > MAX_ID_LENGTH)
        add(`matter.${field}`, `${field} is longer than ${MAX_ID_LENGTH} characters`);
      else if (unwritable(format).pattern.test(value))
        add(`matter.${field}`, `${field} contains ${unwritable(format).what}`);
    }
  }
  if (unwritable(format).pattern.test(line.description))
    add('description', `the description contains ${unwritable(format).what}`);
  if (line.tax) {
    if (format === '1998B') add('tax', '1998B has no tax fields; export a taxed invoice as 1998BI');
    const expectedTax = taxAmountMinor(line.totalMinor, line.tax.rateBasisPoints);
    if (expectedTax !== line.tax.amountMinor)
      add(
        'tax.amountMinor',
        `the tax ${line.tax.amountMinor} is not the total × rate, half-up (${expectedTax})`,
      );
  }
}

function textFieldsOf(invoice: LedesInvoice): Array<[string, string]> {
  const party = (name: string, value: LedesInvoice['lawFirm']): Array<[string, string]> => [
    [`${name}.name`, value.name],
    [`${name}.address.line1`, value.address.line1],
    [`${name}.address.line2`, value.address.line2 ?? ''],
    [`${name}.address.city`, value.address.city],
    [`${name}.address.region`, value.address.region ?? ''],
    [`${name}.address.postcode`, value.address.postcode ?? ''],
    [`${name}.taxId`, value.taxId ?? ''],
  ];
  return [
    ['invoiceNumber', invoice.invoiceNumber],
    ['description', invoice.description],
    ['matterName', invoice.matterName],
    ['lawFirmMatterId', invoice.lawFirmMatterId],
    ['clientMatterId', invoice.clientMatterId],
    ['poNumber', invoice.poNumber ?? ''],
    ['ebilling.clientId', invoice.ebilling.clientId],
    ['ebilling.lawFirmId', invoice.ebilling.lawFirmId],
    ...party('lawFirm', invoice.lawFirm),
    ...party('client', invoice.client),
  ];
}

/** Throws the full list of problems, or returns when the invoices can be written. */
export function assertLedesExportable(invoices: readonly LedesInvoice[], format: LedesExportFormat): void {
  const problems = ledesExportProblems(invoices, format);
  if (problems.length) throw new LedesExportRefusedError(problems);
}
