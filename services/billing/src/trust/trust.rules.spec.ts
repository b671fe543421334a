import { availableMinor, clearedOn, entryAllowed, minimumTransition, signedAmount } from './trust.rules';

describe('trust rules', () => {
  it('signs deposits and interest in, every other entry out', () => {
    expect(signedAmount('deposit', 500)).toBe(500);
    expect(signedAmount('interest', 7)).toBe(7);
    for (const kind of ['transfer', 'refund', 'third-party-payment', 'bank-fee'] as const)
      expect(signedAmount(kind, 500)).toBe(-500);
  });

  it('clears a deposit hold days after it was received, across month and year ends', () => {
    expect(clearedOn('2026-11-27', 0)).toBe('2026-11-27');
    expect(clearedOn('2026-11-27', 5)).toBe('2026-12-02');
    expect(clearedOn('2026-12-30', 3)).toBe('2027-01-02');
    expect(clearedOn('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('makes uncleared deposits not disbursable and never lets a ledger go below zero', () => {
    const state = { balanceMinor: 10000, unclearedMinor: 4000 };
    expect(availableMinor(state)).toBe(6000);
    expect(entryAllowed(state, -6000, 4000)).toBe(true);
    expect(entryAllowed(state, -6001, 4000)).toBe(false);
    expect(entryAllowed(state, 1, 4000)).toBe(true);
    // Reversing the uncleared deposit itself takes it off the uncleared amount.
    expect(entryAllowed(state, -4000, 0)).toBe(true);
    expect(entryAllowed({ balanceMinor: 3000, unclearedMinor: 4000 }, -4000, 0)).toBe(false);
  });

  it('reports a low balance once per crossing', () => {
    expect(minimumTransition(false, 999, 1000)).toEqual({ belowMinimum: true, crossedBelow: true });
    expect(minimumTransition(true, 500, 1000)).toEqual({ belowMinimum: true, crossedBelow: false });
    expect(minimumTransition(true, 1000, 1000)).toEqual({ belowMinimum: false, crossedBelow: false });
    expect(minimumTransition(false, 0, null)).toEqual({ belowMinimum: false, crossedBelow: false });
  });
});
