import { addDays, dayNumber, fromDayNumber, weekdayOf } from './court-calendar';

/** What the integer arithmetic replaced: the same conversions through Date. */
const viaDate = {
  dayNumber: (date: string): number =>
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000,
  fromDayNumber: (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10),
  weekdayOf: (date: string): number => new Date(viaDate.dayNumber(date) * 86_400_000).getUTCDay(),
};

describe('court-calendar date arithmetic', () => {
  it('agrees with Date on every day from 1896 to 2104 (1900 and 2100 not leap years, 2000 one)', () => {
    const first = viaDate.dayNumber('1896-01-01');
    const last = viaDate.dayNumber('2104-12-31');
    let checked = 0;
    for (let day = first; day <= last; day++) {
      const date = viaDate.fromDayNumber(day);
      if (
        fromDayNumber(day) !== date ||
        dayNumber(date) !== day ||
        weekdayOf(date) !== viaDate.weekdayOf(date)
      )
        throw new Error(`disagrees on ${date} (day ${day})`);
      checked++;
    }
    expect(checked).toBe(last - first + 1);
  });

  it('handles leap days, century years and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-04', 21)).toBe('2026-03-25');
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(weekdayOf('2026-11-28')).toBe(6);
    expect(weekdayOf('1969-12-28')).toBe(0);
  });
});
