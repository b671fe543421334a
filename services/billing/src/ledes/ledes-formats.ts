/**
 * The LEDES 1998B and 1998BI (V2) layouts: the first line names the format, the second the fields,
 * then one invoice line per record; fields are separated by '|' and every record ends with '[]'.
 * The field lists are the standards' own.
 */
export const LEDES_1998_FORMATS = ['1998B', '1998BI'] as const;
export type Ledes1998Format = (typeof LEDES_1998_FORMATS)[number];

export const LEDES_1998B_FIELDS = [
  'INVOICE_DATE',
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'INVOICE_DESCRIPTION',
  'LINE_ITEM_NUMBER',
  'EXP/FEE/INV_ADJ_TYPE',
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_ADJUSTMENT_AMOUNT',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_DATE',
  'LINE_ITEM_TASK_CODE',
  'LINE_ITEM_EXPENSE_CODE',
  'LINE_ITEM_ACTIVITY_CODE',
  'TIMEKEEPER_ID',
  'LINE_ITEM_DESCRIPTION',
  'LAW_FIRM_ID',
  'LINE_ITEM_UNIT_COST',
  'TIMEKEEPER_NAME',
  'TIMEKEEPER_CLASSIFICATION',
  'CLIENT_MATTER_ID',
] as const;

export const LEDES_1998BI_FIELDS = [
  ...LEDES_1998B_FIELDS,
  'PO_NUMBER',
  'CLIENT_TAX_ID',
  'MATTER_NAME',
  'INVOICE_TAX_TOTAL',
  'INVOICE_NET_TOTAL',
  'INVOICE_CURRENCY',
  'TIMEKEEPER_LAST_NAME',
  'TIMEKEEPER_FIRST_NAME',
  'ACCOUNT_TYPE',
  'LAW_FIRM_NAME',
  'LAW_FIRM_ADDRESS_1',
  'LAW_FIRM_ADDRESS_2',
  'LAW_FIRM_CITY',
  'LAW_FIRM_STATEorREGION',
  'LAW_FIRM_POSTCODE',
  'LAW_FIRM_COUNTRY',
  'CLIENT_NAME',
  'CLIENT_ADDRESS_1',
  'CLIENT_ADDRESS_2',
  'CLIENT_CITY',
  'CLIENT_STATEorREGION',
  'CLIENT_POSTCODE',
  'CLIENT_COUNTRY',
  'LINE_ITEM_TAX_RATE',
  'LINE_ITEM_TAX_TOTAL',
  'LINE_ITEM_TAX_TYPE',
  'INVOICE_REPORTED_TAX_TOTAL',
  'INVOICE_TAX_CURRENCY',
] as const;

export type Ledes1998Field = (typeof LEDES_1998BI_FIELDS)[number];

export const LEDES_1998_LAYOUTS: Readonly<
  Record<Ledes1998Format, { marker: string; fields: readonly Ledes1998Field[] }>
> = {
  '1998B': { marker: 'LEDES1998B', fields: LEDES_1998B_FIELDS },
  '1998BI': { marker: 'LEDES98BI V2', fields: LEDES_1998BI_FIELDS },
};

export const LEDES_FIELD_SEPARATOR = '|';
export const LEDES_RECORD_TERMINATOR = '[]';
/** Records end '[]' + CRLF, as the e-billing systems that read LEDES expect. */
export const LEDES_LINE_BREAK = '\r\n';

/** Fields the standard caps at 20 characters. */
export const LEDES_20_CHARACTER_FIELDS: readonly Ledes1998Field[] = [
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'LINE_ITEM_NUMBER',
  'TIMEKEEPER_ID',
  'CLIENT_MATTER_ID',
];

/** UTBMS code shapes: task codes are a code-set letter (or two) and three digits, activities A###, expenses E###. */
export const UTBMS_CODE_PATTERNS = {
  task: /^[A-Z]{1,2}\d{3}$/,
  activity: /^A\d{3}$/,
  expense: /^E\d{3}$/,
} as const;

/**
 * LEDES XML E-Billing 2.2 (the LEDES Oversight Committee's 2020 update of 2.1, adding tiered taxes). One
 * file nests firm → client → invoice → matter → timekeeper summaries, fees and expenses. The root element
 * and the element names used here are those of published 2.x implementations and format descriptions
 * (segments @FIRM, @CLIENT, @INVOICE, @MATTER, @TKSUM, @FEE, @EXPENSE; fields lf_vendor_id, cl_id, inv_id,
 * lf_matter_id, charge_date, acca_task, ...); the XSD itself was not available to check element order
 * against, so files are checked by our validator, not against the schema.
 */
export const LEDES_XML_FORMAT = 'XML2.2';
export type LedesXmlFormat = typeof LEDES_XML_FORMAT;
export const LEDES_XML_ROOT = 'ledesxmlebilling2.2';
export const LEDES_XML_NAMESPACE = 'http://www.ledes.org/LEDES22.xsd';

/** Every format a file can be exported as: `format=1998B|1998BI|XML2.2`. */
export const LEDES_EXPORT_FORMATS = [...LEDES_1998_FORMATS, LEDES_XML_FORMAT] as const;
export type LedesExportFormat = (typeof LEDES_EXPORT_FORMATS)[number];
