import { isFutureDate, latestCurrentDate } from './calendar-date';

describe('isFutureDate', () => {
  const noonUtc = new Date('2026-11-20T12:00:00Z');

  it('accepts today and earlier days', () => {
    expect(isFutureDate('2026-11-20', noonUtc)).toBe(false);
    expect(isFutureDate('2026-11-19', noonUtc)).toBe(false);
    expect(isFutureDate('2019-01-01', noonUtc)).toBe(false);
  });

  it('accepts tomorrow in UTC once it is already tomorrow somewhere (UTC+14)', () => {
    expect(latestCurrentDate(new Date('2026-11-20T09:59:59Z'))).toBe('2026-11-20');
    expect(latestCurrentDate(new Date('2026-11-20T10:00:00Z'))).toBe('2026-11-21');
    expect(isFutureDate('2026-11-21', noonUtc)).toBe(false);
  });

  it('refuses a day that has not begun anywhere', () => {
    expect(isFutureDate('2026-11-22', noonUtc)).toBe(true);
    expect(isFutureDate('2027-01-01', noonUtc)).toBe(true);
  });
});
