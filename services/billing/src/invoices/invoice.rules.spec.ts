import {
  adjustedAmount,
  contingencyFee,
  divideHalfUp,
  invoiceTotals,
  outsourcingProblems,
  percentOf,
  percentToBasisPoints,
  timeAmount,
} from './invoice.rules';

describe('invoice arithmetic', () => {
  it('rounds half-up to the minor unit, away from zero for negatives', () => {
    expect(divideHalfUp(25, 10)).toBe(3);
    expect(divideHalfUp(24, 10)).toBe(2);
    expect(divideHalfUp(-25, 10)).toBe(-3);
    expect(divideHalfUp(0, 10)).toBe(0);
  });

  it('prices a time line as billed tenths × hourly rate ÷ 10, rounded per line', () => {
    expect(timeAmount(15, 30000)).toBe(45000); // 1.5 h at 300.00
    expect(timeAmount(1, 33335)).toBe(3334); // 0.1 h at 333.35 = 33.335 → 33.34
    expect(timeAmount(1, 33334)).toBe(3333);
  });

  it('takes percentages in basis points', () => {
    expect(percentToBasisPoints(33.33)).toBe(3333);
    expect(percentToBasisPoints(0.01)).toBe(1);
    expect(percentOf(100001, 3333)).toBe(33330); // 33330.33 → 33330
    expect(percentOf(15, 5000)).toBe(8); // 7.5 → 8
  });

  it('adjusts a line: percentage and amount discounts, a set amount, a write-off', () => {
    expect(adjustedAmount(10000, null)).toBe(10000);
    expect(adjustedAmount(10000, { kind: 'percent-discount', value: 1050 })).toBe(8950);
    expect(adjustedAmount(10000, { kind: 'amount-discount', value: 2500 })).toBe(7500);
    expect(adjustedAmount(10000, { kind: 'amount-discount', value: 25000 })).toBe(0);
    expect(adjustedAmount(10000, { kind: 'set-amount', value: 12000 })).toBe(12000);
    expect(adjustedAmount(10000, { kind: 'write-off', value: 0 })).toBe(0);
  });

  it('computes a contingency fee with expenses deducted before or after the fee', () => {
    const terms = { percentBp: 3333 } as const;
    expect(contingencyFee(10000000, 500000, { ...terms, expensesDeducted: 'before-fee' })).toEqual({
      baseMinor: 9500000,
      feeMinor: 3166350,
      clientNetMinor: 10000000 - 3166350 - 500000,
    });
    expect(contingencyFee(10000000, 500000, { ...terms, expensesDeducted: 'after-fee' })).toEqual({
      baseMinor: 10000000,
      feeMinor: 3333000,
      clientNetMinor: 10000000 - 3333000 - 500000,
    });
  });

  it('discounts fees only, never below zero, and passes disbursements through', () => {
    const lines = [
      { kind: 'time', amountMinor: 45000 },
      { kind: 'flat-fee', amountMinor: 100000 },
      { kind: 'expense', amountMinor: 2500 },
    ] as const;
    expect(invoiceTotals(lines, null)).toEqual({
      feesMinor: 145000,
      disbursementsMinor: 2500,
      discountMinor: 0,
      totalMinor: 147500,
    });
    expect(invoiceTotals(lines, { kind: 'percent', value: 1000 }).totalMinor).toBe(145000 - 14500 + 2500);
    expect(invoiceTotals(lines, { kind: 'amount', value: 999999 })).toMatchObject({
      discountMinor: 145000,
      totalMinor: 2500,
    });
  });

  it('names each outsourced line that would mark up a disbursement or bill undisclosed vendor time', () => {
    const problems = outsourcingProblems(
      [
        { lineId: 'at-cost', kind: 'expense', outsourced: true, amountMinor: 5000, costMinor: 5000 },
        { lineId: 'marked-up', kind: 'expense', outsourced: true, amountMinor: 5500, costMinor: 5000 },
        { lineId: 'own-expense', kind: 'expense', outsourced: false, amountMinor: 9000, costMinor: 5000 },
        { lineId: 'vendor-time', kind: 'time', outsourced: true, amountMinor: 9000, costMinor: null },
        { lineId: 'disclosed-time', kind: 'time', outsourced: true, amountMinor: 9000, costMinor: null },
      ],
      (lineId) => lineId === 'disclosed-time',
    );
    expect(problems.map((problem) => problem.lineId)).toEqual(['marked-up', 'vendor-time']);
  });
});
