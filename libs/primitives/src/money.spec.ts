import { isCurrencyCode, isPositiveMinorAmount, minorAmountFromDb } from './money';

describe('isPositiveMinorAmount', () => {
  it.each([1, 1250, 40000, Number.MAX_SAFE_INTEGER])('accepts %p minor units', (amount) => {
    expect(isPositiveMinorAmount(amount)).toBe(true);
  });

  it.each([
    ['zero', 0],
    ['a negative amount', -1250],
    ['a fraction of a minor unit', 12.5],
    ['a float in major units', 0.1 + 0.2],
    ['an amount beyond 2^53', Number.MAX_SAFE_INTEGER + 1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '1250'],
    ['null', null],
  ])('refuses %s', (_, amount) => {
    expect(isPositiveMinorAmount(amount)).toBe(false);
  });
});

describe('isCurrencyCode', () => {
  it.each(['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'BHD', 'CAD'])('accepts %s', (code) => {
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each(['usd', 'US', 'USDD', 'XYZ', 'ABC', 'XAU', 'XXX', 'XTS', 'DEM', '', 840, null])(
    'refuses %p',
    (code) => {
      expect(isCurrencyCode(code)).toBe(false);
    },
  );
});

describe('minorAmountFromDb', () => {
  it.each([
    ['40000', 40000],
    ['-40000', -40000],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    [1250, 1250],
  ])('reads bigint %p as the number %p', (raw, amount) => {
    expect(minorAmountFromDb(raw)).toBe(amount);
  });

  it.each(['9007199254740993', '12.5', '1e3', 'abc', '', 12.5])('refuses %p rather than round it', (raw) => {
    expect(() => minorAmountFromDb(raw)).toThrow(RangeError);
  });
});
