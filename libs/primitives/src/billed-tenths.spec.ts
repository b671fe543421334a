import { billedTenthsFor } from './billed-tenths';

describe('billedTenthsFor', () => {
  it.each([
    [0, 0],
    [1, 1],
    [6, 1],
    [7, 2],
    [12, 2],
    [13, 3],
    [60, 10],
    [72, 12],
    [480, 80],
    [1440, 240],
  ])('bills %i minutes as %i tenths of an hour', (minutes, tenths) => {
    expect(billedTenthsFor(minutes)).toBe(tenths);
  });

  it('never bills less than the minutes worked nor a whole tenth more, for every minute count in a day', () => {
    for (let minutes = 1; minutes <= 1440; minutes += 1) {
      const billedTenths = billedTenthsFor(minutes);
      expect(Number.isInteger(billedTenths)).toBe(true);
      expect(billedTenths * 6).toBeGreaterThanOrEqual(minutes);
      expect(billedTenths * 6 - minutes).toBeLessThan(6);
    }
  });

  it.each([-1, -6, 1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects %p minutes with a RangeError',
    (minutes) => {
      expect(() => billedTenthsFor(minutes)).toThrow(RangeError);
    },
  );
});
