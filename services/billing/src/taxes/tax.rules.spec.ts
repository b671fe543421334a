import { discountTax, effectiveSetting, lineTax, rateInEffect, taxOf, type TaxRateFacts } from './tax.rules';

const vat = (overrides: Partial<TaxRateFacts> = {}): TaxRateFacts => ({
  id: 'vat-20',
  code: 'UK-VAT',
  taxType: 'VAT',
  rateBp: 2000,
  appliesToFees: true,
  appliesToExpenses: false,
  registrationNumber: 'GB123456789',
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  ...overrides,
});

describe('tax rules', () => {
  it('rounds each line half-up to the minor unit, away from zero', () => {
    expect(taxOf(12_345, 2000)).toBe(2469); // 2469.0
    expect(taxOf(1_117, 810)).toBe(90); // 90.477 → 90
    expect(taxOf(1_000, 825)).toBe(83); // 82.5 → 83
    expect(taxOf(-1_000, 825)).toBe(-83);
    expect(taxOf(2, 2500)).toBe(1); // 0.5 → 1
    expect(taxOf(1, 2500)).toBe(0); // 0.25 → 0
    expect(taxOf(9_007_199_254_740, 10_000)).toBe(9_007_199_254_740);
  });

  it('taxes fees or expenses only as the rate says', () => {
    expect(lineTax({ kind: 'time', amountMinor: 45_000 }, vat())).toEqual({
      taxRateId: 'vat-20',
      taxType: 'VAT',
      rateBp: 2000,
      taxMinor: 9000,
    });
    expect(lineTax({ kind: 'flat-fee', amountMinor: 100 }, vat())?.taxMinor).toBe(20);
    expect(lineTax({ kind: 'expense', amountMinor: 45_000 }, vat())).toBeNull();
    expect(
      lineTax({ kind: 'expense', amountMinor: 45_000 }, vat({ appliesToExpenses: true }))?.taxMinor,
    ).toBe(9000);
    expect(lineTax({ kind: 'time', amountMinor: 45_000 }, vat({ appliesToFees: false }))).toBeNull();
    expect(lineTax({ kind: 'time', amountMinor: 45_000 }, undefined)).toBeNull();
  });

  it('picks the version in effect on the day, effectiveTo inclusive', () => {
    const old = vat({ id: 'old', rateBp: 1750, effectiveFrom: '2020-01-01', effectiveTo: '2026-06-30' });
    const current = vat({ id: 'new', effectiveFrom: '2026-07-01' });
    expect(rateInEffect([current, old], '2026-06-30')?.id).toBe('old');
    expect(rateInEffect([current, old], '2026-07-01')?.id).toBe('new');
    expect(rateInEffect([current, old], '2019-12-31')).toBeUndefined();
    const ended = vat({ id: 'ended', effectiveTo: '2026-03-31' });
    expect(rateInEffect([ended], '2026-04-01')).toBeUndefined();
  });

  it("prefers the matter's setting to the client's", () => {
    const client = { taxCode: 'UK-VAT', exempt: false };
    const matter = { taxCode: null, exempt: true };
    expect(effectiveSetting(matter, client)).toBe(matter);
    expect(effectiveSetting(undefined, client)).toBe(client);
    expect(effectiveSetting(undefined, undefined)).toBeUndefined();
  });

  it("takes the fees' single tax off a discount, and finds mixed fee taxes ambiguous", () => {
    const taxed = lineTax({ kind: 'time', amountMinor: 10_000 }, vat());
    expect(discountTax([taxed, taxed], 1_001)).toEqual({
      kind: 'taxed',
      taxRateId: 'vat-20',
      taxType: 'VAT',
      rateBp: 2000,
      taxMinor: -200, // 200.2 → 200
    });
    expect(discountTax([null, null], 1_000)).toEqual({ kind: 'none' });
    expect(discountTax([taxed, null], 1_000)).toEqual({ kind: 'ambiguous' });
    const other = lineTax({ kind: 'time', amountMinor: 10_000 }, vat({ id: 'gst', rateBp: 1000 }));
    expect(discountTax([taxed, other], 1_000)).toEqual({ kind: 'ambiguous' });
    expect(discountTax([taxed, other], 0)).toEqual({ kind: 'none' });
  });
});
