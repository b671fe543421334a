import type { BillingLetterheadRecord } from './billing-letterhead.entity';
import type { EbillingProfileRecord } from './ebilling-profile.entity';
import { invoiceToLedes, type IssuedInvoiceInput } from './invoice-to-ledes';
import { writeLedes1998 } from './ledes-1998.writer';
import { validateLedes1998 } from './ledes-1998.validator';

const MATTER = '0190a1b2-0000-7000-8000-000000000001';
const OTHER_MATTER = '0190a1b2-0000-7000-8000-000000000002';

const profile: EbillingProfileRecord = {
  firmId: 'f',
  clientId: 'c',
  ledesClientId: 'NWC-001',
  lawFirmId: '13-4567890',
  requireTaskCodes: true,
  requireActivityCodes: true,
  requireExpenseCodes: true,
  clientAddress: { line1: '1 Harbor Way', city: 'Newark', country: 'US' },
  clientTaxId: null,
  clientMatterIds: { [MATTER]: 'LIT-88231', [OTHER_MATTER]: 'LIT-90000' },
  updatedBy: 'u',
  updatedAt: new Date(),
};
const letterhead: BillingLetterheadRecord = {
  firmId: 'f',
  name: 'Okafor Reyes LLP',
  address: { line1: '200 Park Avenue', city: 'New York', country: 'US' },
  taxId: '13-4567890',
  phone: null,
  email: null,
  website: null,
  paymentInstructions: [],
  updatedBy: 'u',
  updatedAt: new Date(),
};

function issued(overrides: Partial<IssuedInvoiceInput> = {}): IssuedInvoiceInput {
  const time = (position: number, matterId: string, billedTenths: number, amountMinor: number) => ({
    position,
    kind: 'time',
    matterId,
    date: '2026-11-10',
    timekeeperId: 'TK-014',
    timekeeperName: 'Daniel Reyes',
    ledesClassification: 'AS',
    taskCode: 'L120',
    activityCode: 'A102',
    expenseCode: null,
    narrative: 'Drafted the motion',
    billedTenths,
    rateMinor: 38_500,
    standardMinor: billedTenths * 3_850,
    amountMinor,
    tax: null,
  });
  return {
    invoiceId: 'i',
    number: 'INV-7',
    issuedAt: '2026-12-01T10:00:00.000Z',
    currency: 'USD',
    periodStart: null,
    periodEnd: '2026-11-30',
    clientId: 'c',
    clientName: 'Northwind Components Inc.',
    matterId: MATTER,
    matters: [{ matterId: MATTER, number: 'M-2026-0117', title: 'Northwind v. Apex' }],
    discountMinor: 5_000,
    taxMinor: 0,
    discountTax: null,
    // 57,750 written down to 50,000; 38,500; a 40,500 filing fee; less a 5,000 discount.
    totalMinor: 50_000 + 38_500 + 40_500 - 5_000,
    lines: [
      time(2, MATTER, 15, 50_000),
      time(1, MATTER, 10, 38_500),
      {
        position: 3,
        kind: 'expense',
        matterId: MATTER,
        date: '2026-11-12',
        timekeeperId: 'TK-014',
        timekeeperName: null,
        ledesClassification: null,
        taskCode: null,
        activityCode: null,
        expenseCode: 'E112',
        narrative: 'Court filing fee',
        billedTenths: null,
        rateMinor: null,
        standardMinor: 40_500,
        amountMinor: 40_500,
        tax: null,
      },
    ],
    ...overrides,
  };
}

describe('invoiceToLedes', () => {
  it('maps time as tenths × rate with the write-down as adjustment, expenses at cost, the discount as an IF line', () => {
    const { invoice, problems } = invoiceToLedes(issued(), profile, letterhead);
    expect(problems).toEqual([]);
    expect(
      invoice.lines.map((line) => [
        line.lineNumber,
        line.type,
        line.unitsScaled,
        line.unitCostMinor,
        line.adjustmentMinor,
        line.totalMinor,
      ]),
    ).toEqual([
      [1, 'fee', 10_000, 38_500, 0, 38_500],
      [2, 'fee', 15_000, 38_500, -7_750, 50_000],
      [3, 'expense', 10_000, 40_500, 0, 40_500],
      [4, 'fee-adjustment', 0, 0, -5_000, -5_000],
    ]);
    expect(invoice.lines[0]!.timekeeper).toEqual({
      id: 'TK-014',
      firstName: 'Daniel',
      lastName: 'Reyes',
      classification: 'AS',
    });
    expect(invoice.lines[2]!.timekeeper).toBeUndefined();
    expect(invoice).toMatchObject({
      invoiceDate: '2026-12-01',
      billingStartDate: '2026-11-10',
      lawFirmMatterId: 'M-2026-0117',
      clientMatterId: 'LIT-88231',
    });
    expect(validateLedes1998(writeLedes1998([invoice], '1998B'))).toEqual({
      valid: true,
      format: '1998B',
      problems: [],
    });
  });

  it('carries the tax stored on each line and on the discount into 1998BI, which validates clean', () => {
    const vat = (amountMinor: number) => ({
      type: 'VAT',
      rateBasisPoints: 2000,
      amountMinor,
      registrationNumber: 'GB123456789',
    });
    const base = issued();
    // 20% of 50,000, 38,500 and −5,000 (the discount); the filing fee is not taxed.
    const input = issued({
      lines: [
        { ...base.lines[0]!, tax: vat(10_000) },
        { ...base.lines[1]!, tax: vat(7_700) },
        base.lines[2]!,
      ],
      discountTax: vat(-1_000),
      taxMinor: 16_700,
      totalMinor: base.totalMinor + 16_700,
    });
    const { invoice, problems } = invoiceToLedes(
      input,
      { ...profile, clientTaxId: 'DE811907980' },
      letterhead,
    );
    expect(problems).toEqual([]);
    expect(invoice.lines.map((line) => line.tax?.amountMinor ?? null)).toEqual([7_700, 10_000, null, -1_000]);
    expect(invoice.lines[0]!.tax).toMatchObject({ type: 'VAT', rateBasisPoints: 2000 });
    const file = writeLedes1998([invoice], '1998BI');
    expect(validateLedes1998(file)).toEqual({ valid: true, format: '1998BI', problems: [] });
    expect(file).toContain('|0.2000|');
    // The tax is in the invoice total: a total that leaves it out is a problem.
    expect(
      invoiceToLedes({ ...input, totalMinor: base.totalMinor }, profile, letterhead).problems.map(
        (problem) => problem.field,
      ),
    ).toEqual(['totalMinor']);
  });

  it('names each line’s matter on an invoice across matters', () => {
    const input = issued({
      matters: [
        { matterId: MATTER, number: 'M-1', title: 'One' },
        { matterId: OTHER_MATTER, number: 'M-2', title: 'Two' },
      ],
    });
    input.lines[1] = { ...input.lines[1]!, matterId: OTHER_MATTER };
    const { invoice, problems } = invoiceToLedes(input, profile, letterhead);
    expect(problems).toEqual([]);
    expect(invoice.lines.map((line) => line.matter?.clientMatterId)).toEqual([
      'LIT-90000',
      'LIT-88231',
      'LIT-88231',
      undefined,
    ]);
    const records = writeLedes1998([invoice], '1998B').split('\r\n');
    expect(records[2]).toContain('|M-2|');
    expect(records[2]!.endsWith('|LIT-90000[]')).toBe(true);
  });

  it('invents nothing: a missing profile, letterhead, client matter id or total that disagrees is a problem', () => {
    expect(invoiceToLedes(issued(), null, null).problems.map((problem) => problem.field)).toEqual([
      'ebillingProfile',
      'letterhead',
    ]);
    const noMatterId = { ...profile, clientMatterIds: {} };
    expect(invoiceToLedes(issued(), noMatterId, letterhead).problems.map((problem) => problem.field)).toEqual(
      [`ebillingProfile.clientMatterIds.${MATTER}`],
    );
    expect(invoiceToLedes(issued({ totalMinor: 1 }), profile, letterhead).problems[0]!.message).toBe(
      'Invoice INV-7: its lines and their tax add up to 124000, not to its total 1',
    );
  });
});
