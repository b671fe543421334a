import { extendedAmountMinor, formatMinor, formatRateBasisPoints, formatUnits } from './ledes-amounts';
import { assertLedesExportable } from './ledes-export.rules';
import { LEDES_XML_FORMAT, LEDES_XML_NAMESPACE, LEDES_XML_ROOT } from './ledes-formats';
import type { LedesAddress, LedesInvoice, LedesLine } from './ledes-invoice';

/**
 * A batch of invoices as one LEDES XML E-Billing 2.2 file (format notes in ledes-formats.ts). Pure; refuses
 * (LedesExportRefusedError, every problem listed, across the batch) exactly as the 1998 writers do.
 *
 * Invoices are grouped under their client (`cl_id` from the e-billing profile), each invoice's lines under
 * their matter. A fee or expense carries `units`, `rate` and `base_amount` (units × rate, half-up) and its
 * `total_amount` after the line's own adjustment; the invoice's fee and expense adjustments (IF/IE lines)
 * become the matter's `matter_adj_on_fees`/`matter_adj_on_exp`. Dates are YYYY-MM-DD; amounts plain decimals
 * in the currency's digits. Hand-written rather than an XML library: writing is elements and five escapes,
 * and each value is checked by the export rules first.
 */
export function writeLedesXml(invoices: readonly LedesInvoice[]): string {
  assertLedesExportable(invoices, LEDES_XML_FORMAT);
  const out = new XmlOut();
  out.raw('<?xml version="1.0" encoding="UTF-8"?>');
  out.open(LEDES_XML_ROOT, { xmlns: LEDES_XML_NAMESPACE });
  const firm = invoices[0]!;
  out.open('firm');
  out.leaf('lf_vendor_id', firm.ebilling.lawFirmId);
  out.leaf('lf_name', firm.lawFirm.name);
  address(out, 'lf_address', firm.lawFirm.address);
  if (firm.lawFirm.taxId) out.leaf('lf_tax_id', firm.lawFirm.taxId);
  out.leaf('source_app', 'lawfirm-platform billing');
  out.itemNumber();
  for (const [clientId, ofClient] of groupBy(invoices, (invoice) => invoice.ebilling.clientId)) {
    const client = ofClient[0]!;
    out.open('client');
    out.leaf('cl_id', clientId);
    out.leaf('cl_name', client.client.name);
    address(out, 'cl_address', client.client.address);
    if (client.client.taxId) out.leaf('cl_tax_id', client.client.taxId);
    out.itemNumber();
    for (const invoice of ofClient) writeInvoice(out, invoice);
    out.close('client');
  }
  out.close('firm');
  out.close(LEDES_XML_ROOT);
  return out.text();
}

function writeInvoice(out: XmlOut, invoice: LedesInvoice): void {
  const money = (amountMinor: number) => formatMinor(amountMinor, invoice.currency);
  const matters = groupBy(invoice.lines, (line) =>
    JSON.stringify([
      line.matter?.lawFirmMatterId ?? invoice.lawFirmMatterId,
      line.matter?.clientMatterId ?? invoice.clientMatterId,
    ]),
  );
  const totals = [...matters.values()].map(matterTotals);
  // Every line's tax, an invoice adjustment's (a discount's, negative) included: the adjustment has no
  // segment of its own, so its tax is only in this total.
  const taxMinor = invoice.lines.reduce((sum, line) => sum + (line.tax?.amountMinor ?? 0), 0);
  const netDue = totals.reduce((sum, total) => sum + total.dueMinor, 0) + taxMinor;
  out.open('invoice');
  out.leaf('inv_id', invoice.invoiceNumber);
  out.leaf('inv_date', invoice.invoiceDate);
  out.leaf('inv_currency', invoice.currency);
  out.leaf('inv_start_date', invoice.billingStartDate);
  out.leaf('inv_end_date', invoice.billingEndDate);
  out.leaf('inv_desc', invoice.description);
  out.leaf('inv_total_tax', money(taxMinor));
  out.leaf('inv_total_net_due', money(netDue));
  out.itemNumber();
  [...matters.entries()].forEach(([key, lines], index) => {
    const [lawFirmMatterId, clientMatterId] = JSON.parse(key) as [string, string];
    const total = totals[index]!;
    out.open('matter');
    out.leaf('cl_matter_id', clientMatterId);
    out.leaf('lf_matter_id', lawFirmMatterId);
    out.leaf('matter_name', invoice.matterName);
    if (invoice.poNumber) out.leaf('po_number', invoice.poNumber);
    out.leaf('account_type', invoice.accountType);
    out.leaf('matter_final_bill', 'N');
    out.leaf('matter_total_detail_fees', money(total.feesMinor));
    out.leaf('matter_total_detail_exp', money(total.expensesMinor));
    out.leaf('matter_adj_on_fees', money(total.feeAdjustmentMinor));
    out.leaf('matter_adj_on_exp', money(total.expenseAdjustmentMinor));
    out.leaf('matter_net_fees', money(total.feesMinor + total.feeAdjustmentMinor));
    out.leaf('matter_net_exp', money(total.expensesMinor + total.expenseAdjustmentMinor));
    out.leaf('matter_total_due', money(total.dueMinor));
    out.itemNumber();
    for (const summary of timekeeperSummaries(lines)) {
      out.open('tk_sum');
      out.leaf('tk_id', summary.id);
      out.leaf('tk_lname', summary.lastName);
      out.leaf('tk_fname', summary.firstName);
      out.leaf('tk_level', summary.classification);
      out.leaf('tk_rate', money(summary.rateMinor));
      out.leaf('tk_hours', formatUnits(summary.unitsScaled));
      out.leaf('tk_cost', money(summary.costMinor));
      out.itemNumber();
      out.close('tk_sum');
    }
    for (const line of lines)
      if (line.type === 'fee' || line.type === 'expense') writeCharge(out, line, money);
    out.close('matter');
  });
  out.close('invoice');
}

function writeCharge(out: XmlOut, line: LedesLine, money: (amountMinor: number) => string): void {
  const fee = line.type === 'fee';
  out.open(fee ? 'fee' : 'expense');
  out.leaf('charge_date', line.date);
  if (line.timekeeper) out.leaf('tk_id', line.timekeeper.id);
  out.leaf('charge_desc', line.description);
  if (fee) {
    if (line.taskCode) out.leaf('acca_task', line.taskCode);
    if (line.activityCode) out.leaf('acca_activity', line.activityCode);
    out.leaf('charge_type', 'U');
  } else if (line.expenseCode) out.leaf('acca_expense', line.expenseCode);
  out.leaf('units', formatUnits(line.unitsScaled));
  out.leaf('rate', money(line.unitCostMinor));
  out.leaf('base_amount', money(extendedAmountMinor(line.unitsScaled, line.unitCostMinor)));
  out.leaf('total_amount', money(line.totalMinor));
  out.itemNumber();
  if (line.tax) {
    out.open('tax');
    out.leaf('tax_type', line.tax.type);
    out.leaf('tax_rate_percent', formatRateBasisPoints(line.tax.rateBasisPoints));
    out.leaf('tax_on_charge', money(line.tax.amountMinor));
    out.itemNumber();
    out.close('tax');
  }
  out.close(fee ? 'fee' : 'expense');
}

interface MatterTotals {
  feesMinor: number;
  expensesMinor: number;
  feeAdjustmentMinor: number;
  expenseAdjustmentMinor: number;
  dueMinor: number;
}

function matterTotals(lines: readonly LedesLine[]): MatterTotals {
  const sum = (type: LedesLine['type']) =>
    lines.filter((line) => line.type === type).reduce((total, line) => total + line.totalMinor, 0);
  const totals = {
    feesMinor: sum('fee'),
    expensesMinor: sum('expense'),
    feeAdjustmentMinor: sum('fee-adjustment'),
    expenseAdjustmentMinor: sum('expense-adjustment'),
  };
  return {
    ...totals,
    dueMinor:
      totals.feesMinor + totals.expensesMinor + totals.feeAdjustmentMinor + totals.expenseAdjustmentMinor,
  };
}

/** One summary per timekeeper, classification and rate (the @TKSUM segment): hours and the fees' total. */
function timekeeperSummaries(lines: readonly LedesLine[]): Array<{
  id: string;
  lastName: string;
  firstName: string;
  classification: string;
  rateMinor: number;
  unitsScaled: number;
  costMinor: number;
}> {
  const summaries = new Map<string, ReturnType<typeof timekeeperSummaries>[number]>();
  for (const line of lines) {
    if (line.type !== 'fee' || !line.timekeeper) continue;
    const keeper = line.timekeeper;
    const key = JSON.stringify([keeper.id, keeper.classification, line.unitCostMinor]);
    const summary = summaries.get(key) ?? {
      id: keeper.id,
      lastName: keeper.lastName,
      firstName: keeper.firstName,
      classification: keeper.classification,
      rateMinor: line.unitCostMinor,
      unitsScaled: 0,
      costMinor: 0,
    };
    summary.unitsScaled += line.unitsScaled;
    summary.costMinor += line.totalMinor;
    summaries.set(key, summary);
  }
  return [...summaries.values()];
}

function address(out: XmlOut, element: string, value: LedesAddress): void {
  out.open(element);
  out.leaf('address_1', value.line1);
  if (value.line2) out.leaf('address_2', value.line2);
  out.leaf('city', value.city);
  if (value.region) out.leaf('state_province', value.region);
  if (value.postcode) out.leaf('zip_postal_code', value.postcode);
  out.leaf('country', value.country);
  out.close(element);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Indented elements, one per line (so the validator's line numbers point at a field). */
class XmlOut {
  private readonly lines: string[] = [];
  private depth = 0;
  private itemCount = 0;

  raw(line: string): void {
    this.lines.push(line);
  }

  open(name: string, attributes: Record<string, string> = {}): void {
    const attributeText = Object.entries(attributes)
      .map(([key, value]) => ` ${key}="${escape(value)}"`)
      .join('');
    this.lines.push(`${this.indent()}<${name}${attributeText}>`);
    this.depth += 1;
  }

  close(name: string): void {
    this.depth -= 1;
    this.lines.push(`${this.indent()}</${name}>`);
  }

  leaf(name: string, value: string): void {
    this.lines.push(`${this.indent()}<${name}>${escape(value.replace(/[\r\n\t]+/g, ' ').trim())}</${name}>`);
  }

  /** file_item_nbr: each segment's position in the file, counted from 1. */
  itemNumber(): void {
    this.itemCount += 1;
    this.leaf('file_item_nbr', String(this.itemCount));
  }

  text(): string {
    return `${this.lines.join('\r\n')}\r\n`;
  }

  private indent(): string {
    return '  '.repeat(this.depth);
  }
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}
