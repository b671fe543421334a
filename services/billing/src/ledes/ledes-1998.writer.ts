import { formatMinor, formatRateBasisPoints, formatUnits } from './ledes-amounts';
import { assertLedesExportable } from './ledes-export.rules';
import {
  LEDES_1998_LAYOUTS,
  LEDES_FIELD_SEPARATOR,
  LEDES_LINE_BREAK,
  LEDES_RECORD_TERMINATOR,
  type Ledes1998Field,
  type Ledes1998Format,
} from './ledes-formats';
import { LEDES_TYPE_CODES, type LedesInvoice, type LedesLine } from './ledes-invoice';

/** YYYY-MM-DD → YYYYMMDD. */
const ledesDate = (date: string): string => date.replace(/-/g, '');

/** A record is one line: line breaks and tabs in free text become spaces. */
const oneLine = (text: string | undefined): string => (text ?? '').replace(/[\r\n\t]+/g, ' ').trim();

/**
 * A batch of invoices as one LEDES 1998B or 1998BI file. Refuses (LedesExportRefusedError, every
 * problem listed) rather than writing a file an e-billing system would reject or misread.
 */
export function writeLedes1998(invoices: readonly LedesInvoice[], format: Ledes1998Format): string {
  assertLedesExportable(invoices, format);
  const layout = LEDES_1998_LAYOUTS[format];
  const records = [layout.marker, layout.fields.join(LEDES_FIELD_SEPARATOR)];
  for (const invoice of invoices)
    for (const line of invoice.lines) {
      const values = recordValues(invoice, line);
      records.push(layout.fields.map((field) => values[field]).join(LEDES_FIELD_SEPARATOR));
    }
  return records.map((record) => `${record}${LEDES_RECORD_TERMINATOR}${LEDES_LINE_BREAK}`).join('');
}

function recordValues(invoice: LedesInvoice, line: LedesLine): Record<Ledes1998Field, string> {
  const money = (amountMinor: number) => formatMinor(amountMinor, invoice.currency);
  const netTotal = invoice.lines.reduce((sum, each) => sum + each.totalMinor, 0);
  const taxTotal = invoice.lines.reduce((sum, each) => sum + (each.tax?.amountMinor ?? 0), 0);
  const keeper = line.timekeeper;
  const reported = invoice.reportedTax ?? { currency: invoice.currency, amountMinor: taxTotal };
  return {
    INVOICE_DATE: ledesDate(invoice.invoiceDate),
    INVOICE_NUMBER: invoice.invoiceNumber,
    CLIENT_ID: invoice.ebilling.clientId,
    LAW_FIRM_MATTER_ID: line.matter?.lawFirmMatterId ?? invoice.lawFirmMatterId,
    // 1998B has no tax, so its total is the net; 1998BI's total includes tax (net + tax).
    INVOICE_TOTAL: money(netTotal + taxTotal),
    BILLING_START_DATE: ledesDate(invoice.billingStartDate),
    BILLING_END_DATE: ledesDate(invoice.billingEndDate),
    INVOICE_DESCRIPTION: oneLine(invoice.description),
    LINE_ITEM_NUMBER: String(line.lineNumber),
    'EXP/FEE/INV_ADJ_TYPE': LEDES_TYPE_CODES[line.type],
    LINE_ITEM_NUMBER_OF_UNITS: formatUnits(line.unitsScaled),
    LINE_ITEM_ADJUSTMENT_AMOUNT: money(line.adjustmentMinor),
    LINE_ITEM_TOTAL: money(line.totalMinor + (line.tax?.amountMinor ?? 0)),
    LINE_ITEM_DATE: ledesDate(line.date),
    LINE_ITEM_TASK_CODE: line.taskCode ?? '',
    LINE_ITEM_EXPENSE_CODE: line.expenseCode ?? '',
    LINE_ITEM_ACTIVITY_CODE: line.activityCode ?? '',
    TIMEKEEPER_ID: keeper?.id ?? '',
    LINE_ITEM_DESCRIPTION: oneLine(line.description),
    LAW_FIRM_ID: invoice.ebilling.lawFirmId,
    LINE_ITEM_UNIT_COST: money(line.unitCostMinor),
    TIMEKEEPER_NAME: keeper ? `${keeper.lastName}, ${keeper.firstName}` : '',
    TIMEKEEPER_CLASSIFICATION: keeper?.classification ?? '',
    CLIENT_MATTER_ID: line.matter?.clientMatterId ?? invoice.clientMatterId,
    PO_NUMBER: invoice.poNumber ?? '',
    CLIENT_TAX_ID: invoice.client.taxId ?? '',
    MATTER_NAME: oneLine(invoice.matterName),
    INVOICE_TAX_TOTAL: money(taxTotal),
    INVOICE_NET_TOTAL: money(netTotal),
    INVOICE_CURRENCY: invoice.currency,
    TIMEKEEPER_LAST_NAME: keeper?.lastName ?? '',
    TIMEKEEPER_FIRST_NAME: keeper?.firstName ?? '',
    ACCOUNT_TYPE: invoice.accountType,
    LAW_FIRM_NAME: invoice.lawFirm.name,
    LAW_FIRM_ADDRESS_1: invoice.lawFirm.address.line1,
    LAW_FIRM_ADDRESS_2: invoice.lawFirm.address.line2 ?? '',
    LAW_FIRM_CITY: invoice.lawFirm.address.city,
    LAW_FIRM_STATEorREGION: invoice.lawFirm.address.region ?? '',
    LAW_FIRM_POSTCODE: invoice.lawFirm.address.postcode ?? '',
    LAW_FIRM_COUNTRY: invoice.lawFirm.address.country,
    CLIENT_NAME: invoice.client.name,
    CLIENT_ADDRESS_1: invoice.client.address.line1,
    CLIENT_ADDRESS_2: invoice.client.address.line2 ?? '',
    CLIENT_CITY: invoice.client.address.city,
    CLIENT_STATEorREGION: invoice.client.address.region ?? '',
    CLIENT_POSTCODE: invoice.client.address.postcode ?? '',
    CLIENT_COUNTRY: invoice.client.address.country,
    LINE_ITEM_TAX_RATE: line.tax ? formatRateBasisPoints(line.tax.rateBasisPoints) : '',
    LINE_ITEM_TAX_TOTAL: money(line.tax?.amountMinor ?? 0),
    LINE_ITEM_TAX_TYPE: line.tax?.type ?? '',
    INVOICE_REPORTED_TAX_TOTAL: formatMinor(reported.amountMinor, reported.currency),
    INVOICE_TAX_CURRENCY: reported.currency,
  };
}
