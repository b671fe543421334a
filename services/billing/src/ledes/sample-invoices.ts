import { extendedAmountMinor, taxAmountMinor } from './ledes-amounts';
import type { LedesInvoice, LedesLine, LedesTimekeeper } from './ledes-invoice';

/** Invoices for specs and for rendering a sample PDF: realistic, arithmetically right. */

const partner: LedesTimekeeper = {
  id: 'TK-001',
  firstName: 'Margaret',
  lastName: 'Okafor',
  classification: 'PT',
};
const associate: LedesTimekeeper = {
  id: 'TK-014',
  firstName: 'Daniel',
  lastName: 'Reyes',
  classification: 'AS',
};
const paralegal: LedesTimekeeper = {
  id: 'TK-102',
  firstName: 'Priya',
  lastName: 'Shah',
  classification: 'PL',
};

type LineInput = Omit<LedesLine, 'totalMinor' | 'adjustmentMinor' | 'tax'> & {
  adjustmentMinor?: number;
  taxRateBasisPoints?: number;
};

/** A line whose total (and tax, when a rate is given) is computed the platform's way. */
export function sampleLine(input: LineInput): LedesLine {
  const { taxRateBasisPoints, ...rest } = input;
  const adjustmentMinor = input.adjustmentMinor ?? 0;
  const totalMinor = extendedAmountMinor(input.unitsScaled, input.unitCostMinor) + adjustmentMinor;
  return {
    ...rest,
    adjustmentMinor,
    totalMinor,
    ...(taxRateBasisPoints === undefined
      ? {}
      : {
          tax: {
            rateBasisPoints: taxRateBasisPoints,
            type: 'VAT',
            amountMinor: taxAmountMinor(totalMinor, taxRateBasisPoints),
          },
        }),
  };
}

export function sampleInvoice(
  overrides: Partial<LedesInvoice> = {},
  taxRateBasisPoints?: number,
): LedesInvoice {
  const lines: LedesLine[] = [
    sampleLine({
      lineNumber: 1,
      type: 'fee',
      date: '2026-10-02',
      timekeeper: partner,
      unitsScaled: 15_000,
      unitCostMinor: 65_000,
      taskCode: 'L110',
      activityCode: 'A106',
      description: 'Conference with client regarding the supplier’s breach-of-contract claim and strategy.',
      taxRateBasisPoints,
    }),
    sampleLine({
      lineNumber: 2,
      type: 'fee',
      date: '2026-10-05',
      timekeeper: associate,
      unitsScaled: 32_000,
      unitCostMinor: 38_500,
      adjustmentMinor: -11_550,
      taskCode: 'L120',
      activityCode: 'A102',
      description: 'Research on limitation-of-liability clauses under New York law; memo to M. Okafor.',
      taxRateBasisPoints,
    }),
    sampleLine({
      lineNumber: 3,
      type: 'fee',
      date: '2026-10-09',
      timekeeper: paralegal,
      unitsScaled: 7_000,
      unitCostMinor: 18_000,
      taskCode: 'L140',
      activityCode: 'A110',
      description: 'Organise the supplier correspondence for the document production.',
      taxRateBasisPoints,
    }),
    sampleLine({
      lineNumber: 4,
      type: 'fee',
      date: '2026-10-14',
      timekeeper: associate,
      unitsScaled: 10_000,
      unitCostMinor: 33_333,
      taskCode: 'L210',
      activityCode: 'A103',
      description: 'Draft the answer and affirmative defences.',
      taxRateBasisPoints,
    }),
    sampleLine({
      lineNumber: 5,
      type: 'expense',
      date: '2026-10-15',
      unitsScaled: 10_000,
      unitCostMinor: 40_500,
      expenseCode: 'E112',
      description: 'Court filing fee.',
    }),
    sampleLine({
      lineNumber: 6,
      type: 'expense',
      date: '2026-10-20',
      unitsScaled: 2_440_000,
      unitCostMinor: 10,
      expenseCode: 'E101',
      description: 'Copying, 244 pages at 0.10.',
      taxRateBasisPoints,
    }),
  ];
  return {
    invoiceNumber: 'INV-2026-0042',
    invoiceDate: '2026-11-02',
    billingStartDate: '2026-10-01',
    billingEndDate: '2026-10-31',
    description: 'Professional services rendered in October 2026',
    currency: 'USD',
    lawFirm: {
      name: 'Okafor Reyes LLP',
      address: {
        line1: '200 Park Avenue',
        line2: 'Suite 1700',
        city: 'New York',
        region: 'NY',
        postcode: '10166',
        country: 'US',
      },
      taxId: '13-4567890',
    },
    client: {
      name: 'Northwind Components Inc.',
      address: { line1: '1 Harbor Way', city: 'Newark', region: 'NJ', postcode: '07102', country: 'US' },
      taxId: '22-3334444',
    },
    ebilling: {
      clientId: 'NWC-001',
      lawFirmId: '13-4567890',
      requiredCodes: { task: true, activity: true, expense: true },
    },
    lawFirmMatterId: 'M-2026-0117',
    clientMatterId: 'LIT-88231',
    matterName: 'Northwind v. Apex Supply — contract dispute',
    accountType: 'O',
    lines,
    ...overrides,
  };
}
