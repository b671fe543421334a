import type { CalendarDate } from '@lawfirm/primitives';

/**
 * What a LEDES file (and the PDF and CSV of an invoice) is written from: one issued invoice as
 * the client's e-billing system needs to see it. Money is integer minor units of `currency`;
 * quantities are integer ten-thousandths of a unit (LEDES carries up to four decimals), so 1.5
 * hours is 15 000 and nothing here is a float.
 */

/** LEDES timekeeper classifications: partner, associate, of counsel, legal assistant, paralegal, other. */
export const LEDES_CLASSIFICATIONS = ['PT', 'AS', 'OC', 'LA', 'PL', 'OT'] as const;
export type LedesClassification = (typeof LEDES_CLASSIFICATIONS)[number];

/** fee (F), expense (E), and adjustments to the invoice's fees (IF) or expenses (IE). */
export type LedesLineType = 'fee' | 'expense' | 'fee-adjustment' | 'expense-adjustment';

export const LEDES_TYPE_CODES: Readonly<Record<LedesLineType, string>> = {
  fee: 'F',
  expense: 'E',
  'fee-adjustment': 'IF',
  'expense-adjustment': 'IE',
};

/** Integer ten-thousandths of a unit per unit: LEDES quantities carry four decimals. */
export const UNIT_SCALE = 10_000;

export interface LedesAddress {
  line1: string;
  line2?: string;
  city: string;
  /** State, province or region. */
  region?: string;
  postcode?: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
}

export interface LedesParty {
  name: string;
  address: LedesAddress;
  /** Tax or VAT registration number. */
  taxId?: string;
}

/** Which UTBMS codes a client's e-billing setup insists on; a line without one is not exported. */
export interface LedesRequiredCodes {
  /** Task code (L110, B110, ...) on every fee line. */
  task: boolean;
  /** Activity code (A101, ...) on every fee line. */
  activity: boolean;
  /** Expense code (E101, ...) on every expense line. */
  expense: boolean;
}

/** The client's e-billing profile: the identifiers its system knows the firm and itself by. */
export interface EbillingProfile {
  /** CLIENT_ID in the file. */
  clientId: string;
  /** LAW_FIRM_ID in the file (usually the firm's tax id; the client may assign a vendor id instead). */
  lawFirmId: string;
  requiredCodes: LedesRequiredCodes;
}

export interface LedesTimekeeper {
  id: string;
  firstName: string;
  lastName: string;
  classification: LedesClassification;
}

export interface LedesTax {
  /** Rate in basis points: 20% VAT is 2000, 8.1% is 810. */
  rateBasisPoints: number;
  /** VAT, GST, ... */
  type: string;
  /** The line's tax, already rounded (half-up to the minor unit) by whoever issued the invoice. */
  amountMinor: number;
  /** The firm's registration for this tax, printed with it on the invoice document (not a LEDES field). */
  registrationNumber?: string;
}

export interface LedesLine {
  /** Unique within the invoice; written as LINE_ITEM_NUMBER. */
  lineNumber: number;
  type: LedesLineType;
  date: CalendarDate;
  /** Fee lines name who did the work; expenses may. */
  timekeeper?: LedesTimekeeper;
  /** Hours for fees, quantity for expenses, in ten-thousandths (1.5 hours = 15 000). */
  unitsScaled: number;
  unitCostMinor: number;
  /** Negative for a discount or write-down on this line. */
  adjustmentMinor: number;
  /** The line before tax: units × unit cost (half-up to the minor unit) + adjustment. */
  totalMinor: number;
  tax?: LedesTax;
  taskCode?: string;
  activityCode?: string;
  expenseCode?: string;
  description: string;
  /** The line's matter when an invoice covers several (else the invoice's). */
  matter?: { lawFirmMatterId: string; clientMatterId: string };
}

export interface LedesInvoice {
  invoiceNumber: string;
  invoiceDate: CalendarDate;
  billingStartDate: CalendarDate;
  billingEndDate: CalendarDate;
  description: string;
  /** ISO 4217; every amount of the invoice is in minor units of it. */
  currency: string;
  lawFirm: LedesParty;
  client: LedesParty;
  ebilling: EbillingProfile;
  lawFirmMatterId: string;
  clientMatterId: string;
  matterName: string;
  poNumber?: string;
  /** Operating (O) or trust (T) account, as 1998BI asks. */
  accountType: 'O' | 'T';
  /** Tax reported in another currency than the invoice's (1998BI INVOICE_REPORTED_TAX_TOTAL); else the invoice's. */
  reportedTax?: { currency: string; amountMinor: number };
  lines: LedesLine[];
}
