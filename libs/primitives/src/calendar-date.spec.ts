import { isCalendarDate } from './calendar-date';

describe('isCalendarDate', () => {
  it('accepts real days written YYYY-MM-DD', () => {
    for (const day of ['2026-12-01', '2028-02-29', '1900-01-01']) expect(isCalendarDate(day)).toBe(true);
  });

  it('refuses days that do not exist, other formats and other types', () => {
    for (const value of [
      '2026-02-29',
      '2026-02-30',
      '2026-13-01',
      '2026-1-5',
      '01/12/2026',
      '2026-12-01T00:00:00Z',
      '1899-12-31',
      20261201,
      null,
    ]) {
      expect(isCalendarDate(value)).toBe(false);
    }
  });
});
