import { SaxesParser } from 'saxes';
import { isCalendarDate, isCurrencyCode } from '@lawfirm/primitives';
import { minorUnitDigits, parseDecimal, rescale, type ScaledDecimal } from './ledes-amounts';
import { LEDES_XML_FORMAT, LEDES_XML_ROOT, UTBMS_CODE_PATTERNS } from './ledes-formats';
import type { LedesProblem, LedesValidation } from './ledes-1998.validator';

/** An element as read, with the line its start tag is on. */
interface XmlElement {
  name: string;
  line: number;
  text: string;
  children: XmlElement[];
}

const child = (element: XmlElement, name: string): XmlElement | undefined =>
  element.children.find((each) => each.name === name);
const children = (element: XmlElement, name: string): XmlElement[] =>
  element.children.filter((each) => each.name === name);

/** Reads the file with a streaming XML parser (saxes) that reports line numbers; undefined when not XML. */
function parse(
  text: string,
  add: (line: number, field: string, message: string) => void,
): XmlElement | undefined {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failed = false;
  parser.on('error', (error) => {
    if (!failed)
      add(parser.line || 1, 'xml', `not well-formed XML: ${error.message.replace(/^\d+:\d+: /, '')}`);
    failed = true;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, line: parser.line, text: '', children: [] };
    stack[stack.length - 1]?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (value) => {
    const current = stack[stack.length - 1];
    if (current) current.text += value;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch {
    failed = true;
  }
  return failed ? undefined : root;
}

/**
 * Checks a LEDES XML E-Billing 2.2 file and lists every problem with the line of the element and its name:
 * well-formedness, the root element, required elements of each segment, dates (YYYY-MM-DD), amounts in the
 * invoice currency's digits, UTBMS code shapes, base_amount = units × rate (to half a minor unit), the
 * matter's totals against its fees and expenses, and the invoice's net due against its matters.
 */
export function validateLedesXml(text: string): LedesValidation {
  const problems: LedesProblem[] = [];
  const add = (line: number, field: string, message: string) => problems.push({ line, field, message });
  const root = parse(text.replace(/^\uFEFF/, ''), add);
  if (!root) return { valid: false, format: LEDES_XML_FORMAT, problems };
  if (root.name !== LEDES_XML_ROOT)
    add(root.line, root.name, `the root element must be <${LEDES_XML_ROOT}>, not <${root.name}>`);
  const firms = children(root, 'firm');
  if (firms.length === 0) add(root.line, 'firm', 'the file has no <firm> segment');
  for (const firm of firms) {
    required(firm, ['lf_vendor_id', 'lf_name'], add);
    const clients = children(firm, 'client');
    if (clients.length === 0) add(firm.line, 'client', 'the firm has no <client> segment');
    for (const client of clients) {
      required(client, ['cl_id'], add);
      const invoices = children(client, 'invoice');
      if (invoices.length === 0) add(client.line, 'invoice', 'the client has no <invoice> segment');
      for (const invoice of invoices) checkInvoice(invoice, add);
    }
  }
  // In file order, as a reader fixes them (the checks run segment by segment, totals last).
  problems.sort((a, b) => a.line - b.line);
  return { valid: problems.length === 0, format: LEDES_XML_FORMAT, problems };
}

type Add = (line: number, field: string, message: string) => void;

function required(segment: XmlElement, names: readonly string[], add: Add): void {
  for (const name of names) {
    const element = child(segment, name);
    if (!element) add(segment.line, name, `<${segment.name}> has no <${name}>`);
    else if (!element.text.trim()) add(element.line, name, `<${name}> is empty`);
  }
}

function checkInvoice(invoice: XmlElement, add: Add): void {
  required(
    invoice,
    ['inv_id', 'inv_date', 'inv_currency', 'inv_start_date', 'inv_end_date', 'inv_total_net_due'],
    add,
  );
  for (const name of ['inv_date', 'inv_due_date', 'inv_start_date', 'inv_end_date']) {
    const element = child(invoice, name);
    if (element?.text.trim() && !isCalendarDate(element.text.trim()))
      add(element.line, name, `'${element.text.trim()}' is not a date (YYYY-MM-DD)`);
  }
  const currencyText = child(invoice, 'inv_currency')?.text.trim() ?? '';
  const currencyElement = child(invoice, 'inv_currency');
  if (currencyElement && currencyText && !isCurrencyCode(currencyText))
    add(currencyElement.line, 'inv_currency', `'${currencyText}' is not an ISO 4217 currency code`);
  const digits = isCurrencyCode(currencyText) ? minorUnitDigits(currencyText) : 2;
  const amount = (segment: XmlElement, name: string, need = true): bigint | undefined => {
    const element = child(segment, name);
    if (!element) {
      if (need) add(segment.line, name, `<${segment.name}> has no <${name}>`);
      return undefined;
    }
    const parsed = parseDecimal(element.text.trim());
    if (!parsed || parsed.scale > digits) {
      add(element.line, name, `'${element.text.trim()}' is not an amount with at most ${digits} decimals`);
      return undefined;
    }
    return rescale(parsed, digits);
  };
  const matters = children(invoice, 'matter');
  if (matters.length === 0) add(invoice.line, 'matter', 'the invoice has no <matter> segment');
  let dueSum = 0n;
  let allMatterTotals = true;
  for (const matter of matters) {
    const due = checkMatter(matter, digits, amount, add);
    if (due === undefined) allMatterTotals = false;
    else dueSum += due;
  }
  const tax = amount(invoice, 'inv_total_tax', false) ?? 0n;
  const netDue = amount(invoice, 'inv_total_net_due', false);
  if (netDue !== undefined && allMatterTotals && netDue !== dueSum + tax)
    add(
      child(invoice, 'inv_total_net_due')!.line,
      'inv_total_net_due',
      `the invoice's net due is not its matters' totals plus tax (${format(dueSum + tax, digits)})`,
    );
}

/** Checks one matter; returns its matter_total_due when every figure could be read. */
function checkMatter(
  matter: XmlElement,
  digits: number,
  amount: (segment: XmlElement, name: string, need?: boolean) => bigint | undefined,
  add: Add,
): bigint | undefined {
  required(matter, ['lf_matter_id', 'cl_matter_id'], add);
  const sums = { fee: 0n, expense: 0n };
  for (const kind of ['fee', 'expense'] as const)
    for (const charge of children(matter, kind))
      sums[kind] += checkCharge(charge, kind, digits, amount, add) ?? 0n;
  const detailFees = amount(matter, 'matter_total_detail_fees');
  const detailExp = amount(matter, 'matter_total_detail_exp');
  const adjFees = amount(matter, 'matter_adj_on_fees', false) ?? 0n;
  const adjExp = amount(matter, 'matter_adj_on_exp', false) ?? 0n;
  const netFees = amount(matter, 'matter_net_fees');
  const netExp = amount(matter, 'matter_net_exp');
  const due = amount(matter, 'matter_total_due');
  const expect = (name: string, actual: bigint | undefined, expected: bigint, what: string) => {
    if (actual !== undefined && actual !== expected)
      add(
        child(matter, name)!.line,
        name,
        `${format(actual, digits)} is not ${what} (${format(expected, digits)})`,
      );
  };
  expect('matter_total_detail_fees', detailFees, sums.fee, "the sum of the matter's fees");
  expect('matter_total_detail_exp', detailExp, sums.expense, "the sum of the matter's expenses");
  if (detailFees !== undefined)
    expect('matter_net_fees', netFees, detailFees + adjFees, 'fees + adjustment on fees');
  if (detailExp !== undefined)
    expect('matter_net_exp', netExp, detailExp + adjExp, 'expenses + adjustment on expenses');
  if (netFees !== undefined && netExp !== undefined)
    expect('matter_total_due', due, netFees + netExp, 'net fees + net expenses');
  return due;
}

function checkCharge(
  charge: XmlElement,
  kind: 'fee' | 'expense',
  digits: number,
  amount: (segment: XmlElement, name: string, need?: boolean) => bigint | undefined,
  add: Add,
): bigint | undefined {
  required(
    charge,
    kind === 'fee' ? ['charge_date', 'tk_id', 'charge_desc'] : ['charge_date', 'charge_desc'],
    add,
  );
  const date = child(charge, 'charge_date');
  if (date?.text.trim() && !isCalendarDate(date.text.trim()))
    add(date.line, 'charge_date', `'${date.text.trim()}' is not a date (YYYY-MM-DD)`);
  const codes =
    kind === 'fee'
      ? ([
          ['acca_task', UTBMS_CODE_PATTERNS.task],
          ['acca_activity', UTBMS_CODE_PATTERNS.activity],
        ] as const)
      : ([['acca_expense', UTBMS_CODE_PATTERNS.expense]] as const);
  for (const [name, pattern] of codes) {
    const code = child(charge, name);
    if (code && !pattern.test(code.text.trim()))
      add(code.line, name, `'${code.text.trim()}' is not a UTBMS ${name.replace('acca_', '')} code`);
  }
  const unitsElement = child(charge, 'units');
  let units: ScaledDecimal | undefined;
  if (!unitsElement) add(charge.line, 'units', `<${kind}> has no <units>`);
  else {
    units = parseDecimal(unitsElement.text.trim());
    if (!units || units.scale > 4) {
      add(
        unitsElement.line,
        'units',
        `'${unitsElement.text.trim()}' is not a quantity with at most 4 decimals`,
      );
      units = undefined;
    }
  }
  const rate = amount(charge, 'rate');
  const base = amount(charge, 'base_amount');
  const total = amount(charge, 'total_amount');
  if (units && rate !== undefined && base !== undefined) {
    // units × rate at (units' scale + currency digits); base is at currency digits: compare within half a minor unit.
    const product = units.value * rate;
    const baseScaled = base * 10n ** BigInt(units.scale);
    const difference = product > baseScaled ? product - baseScaled : baseScaled - product;
    if (difference * 2n > 10n ** BigInt(units.scale))
      add(
        child(charge, 'base_amount')!.line,
        'base_amount',
        `${format(base, digits)} is not units × rate (${unitsElement!.text.trim()} × ${format(rate, digits)})`,
      );
  }
  for (const tax of children(charge, 'tax')) checkTax(tax, total, digits, amount, add);
  return total;
}

/** A charge's <tax>: its type, its rate (a decimal fraction, up to 10 decimals) and tax_on_charge = total × rate. */
function checkTax(
  tax: XmlElement,
  chargeTotal: bigint | undefined,
  digits: number,
  amount: (segment: XmlElement, name: string, need?: boolean) => bigint | undefined,
  add: Add,
): void {
  required(tax, ['tax_type', 'tax_rate_percent'], add);
  const rateElement = child(tax, 'tax_rate_percent');
  const rate = rateElement ? parseDecimal(rateElement.text.trim()) : undefined;
  if (rateElement && (!rate || rate.scale > 10 || rate.value < 0n || rate.value > 10n ** BigInt(rate.scale)))
    add(rateElement.line, 'tax_rate_percent', `'${rateElement.text.trim()}' is not a rate between 0 and 1`);
  const onCharge = amount(tax, 'tax_on_charge');
  if (!rate || rate.scale > 10 || onCharge === undefined || chargeTotal === undefined) return;
  // total × rate at (rate's scale + currency digits); compare within half a minor unit.
  const product = chargeTotal * rate.value;
  const scaled = onCharge * 10n ** BigInt(rate.scale);
  const difference = product > scaled ? product - scaled : scaled - product;
  if (difference * 2n > 10n ** BigInt(rate.scale))
    add(
      child(tax, 'tax_on_charge')!.line,
      'tax_on_charge',
      `${format(onCharge, digits)} is not the charge's total × tax rate (${format(chargeTotal, digits)} × ${rateElement!.text.trim()})`,
    );
}

function format(value: bigint, digits: number): string {
  const negative = value < 0n;
  const magnitude = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = digits ? `.${magnitude.slice(magnitude.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
