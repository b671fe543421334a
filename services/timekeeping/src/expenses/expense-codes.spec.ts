import { EXPENSE_CODES, expenseCodeDescription, isExpenseCode } from './expense-codes';

describe('UTBMS expense codes', () => {
  it('holds exactly E101 to E124, in order, each once', () => {
    const expected = Array.from({ length: 24 }, (_, index) => `E${101 + index}`);
    expect(EXPENSE_CODES.map((entry) => entry.code)).toEqual(expected);
  });

  it.each([
    ['E101', 'Copying'],
    ['E107', 'Delivery services/messengers'],
    ['E112', 'Court fees'],
    ['E121', 'Arbitrators/mediators'],
    ['E124', 'Other'],
  ])('describes %s as %s', (code, description) => {
    expect(expenseCodeDescription(code)).toBe(description);
  });

  it('gives every code a description', () => {
    for (const entry of EXPENSE_CODES) expect(entry.description.trim()).not.toBe('');
  });

  it.each(['E100', 'E125', 'e101', 'L110', 'A101', ' E101', '', 101, null, undefined])(
    'does not accept %p as an expense code',
    (value) => {
      expect(isExpenseCode(value)).toBe(false);
      expect(typeof value === 'string' ? expenseCodeDescription(value) : undefined).toBeUndefined();
    },
  );
});
