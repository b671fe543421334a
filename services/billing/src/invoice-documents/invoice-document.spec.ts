import { sampleLine } from '../ledes/ledes.service';
import { feeGroups, invoiceTotals } from './invoice-document';
import { sampleDocument } from './sample-document';

describe('invoiceTotals', () => {
  it('sums fees, expenses, adjustments and tax, and owes previous balance − payments + this invoice', () => {
    const document = sampleDocument({}, 2000);
    document.invoice.lines.push(
      sampleLine({
        lineNumber: 7,
        type: 'fee-adjustment',
        date: '2026-10-31',
        unitsScaled: 0,
        unitCostMinor: 0,
        adjustmentMinor: -5_000,
        description: 'Courtesy discount',
      }),
    );
    expect(invoiceTotals(document)).toEqual({
      feesMinor: 255_083,
      expensesMinor: 42_940,
      adjustmentsMinor: -5_000,
      netMinor: 293_023,
      taxes: [{ type: 'VAT', rateBasisPoints: 2000, amountMinor: 51_505 }],
      taxMinor: 51_505,
      invoiceTotalMinor: 344_528,
      previousBalanceMinor: 1_250_000,
      paymentsReceivedMinor: 1_000_000,
      amountDueMinor: 594_528,
    });
  });
});

describe('feeGroups', () => {
  it('groups fee lines by timekeeper in order of first work, with hours and totals per group', () => {
    const groups = feeGroups(sampleDocument());
    expect(groups.map((group) => [group.heading, group.unitsScaled, group.totalMinor])).toEqual([
      ['Margaret Okafor, Partner', 15_000, 97_500],
      ['Daniel Reyes, Associate', 42_000, 144_983],
      ['Priya Shah, Paralegal', 7_000, 12_600],
    ]);
  });
});
