import { CA_COURT_HOLIDAYS_V1 } from './data/ca-courts.v1';
import { US_FEDERAL_HOLIDAYS_V1 } from './data/us-federal.v1';
import { addDays, CourtCalendar, holidaysOf, weekdayOf } from './court-calendar';

const federalDates = (year: number): string[] => holidaysOf(US_FEDERAL_HOLIDAYS_V1, year).map((h) => h.date);

describe('holidaysOf (US federal, FRCP 6(a)(6)(A))', () => {
  it('lists the eleven legal holidays of 2026 with Independence Day observed on Friday 3 July', () => {
    expect(holidaysOf(US_FEDERAL_HOLIDAYS_V1, 2026)).toEqual([
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-01-19', name: 'Birthday of Martin Luther King, Jr.' },
      { date: '2026-02-16', name: "Washington's Birthday" },
      { date: '2026-05-25', name: 'Memorial Day' },
      { date: '2026-06-19', name: 'Juneteenth National Independence Day' },
      { date: '2026-07-03', name: 'Independence Day', observedFor: '2026-07-04' },
      { date: '2026-09-07', name: 'Labor Day' },
      { date: '2026-10-12', name: 'Columbus Day' },
      { date: '2026-11-11', name: 'Veterans Day' },
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-12-25', name: 'Christmas Day' },
    ]);
  });

  it.each([
    [2024, '2024-01-15', '2024-05-27', '2024-11-28'],
    [2025, '2025-01-20', '2025-05-26', '2025-11-27'],
    [2026, '2026-01-19', '2026-05-25', '2026-11-26'],
    [2027, '2027-01-18', '2027-05-31', '2027-11-25'],
    [2028, '2028-01-17', '2028-05-29', '2028-11-23'],
  ])('finds MLK Day, Memorial Day and Thanksgiving of %i', (year, mlk, memorial, thanksgiving) => {
    expect(federalDates(year)).toEqual(expect.arrayContaining([mlk, memorial, thanksgiving]));
  });

  it('observes New Year 2022 (a Saturday) on Friday 31 December 2021, in 2021', () => {
    expect(holidaysOf(US_FEDERAL_HOLIDAYS_V1, 2021)).toContainEqual({
      date: '2021-12-31',
      name: "New Year's Day",
      observedFor: '2022-01-01',
    });
    expect(federalDates(2022)).not.toContain('2022-01-01');
    expect(federalDates(2022)[0]).toBe('2022-01-17');
  });

  it('observes Sunday holidays on the Monday after (Christmas 2022, New Year 2023, Juneteenth 2022)', () => {
    expect(federalDates(2022)).toEqual(expect.arrayContaining(['2022-12-26', '2022-06-20']));
    expect(federalDates(2023)).toEqual(expect.arrayContaining(['2023-01-02']));
  });

  it('observes Veterans Day 2023 (a Saturday) on Friday 10 November', () => {
    expect(federalDates(2023)).toContain('2023-11-10');
  });

  it('has Juneteenth only from 2021 (observed Friday 18 June that year)', () => {
    expect(federalDates(2020)).toHaveLength(10);
    expect(federalDates(2021)).toContain('2021-06-18');
  });

  it('gives eleven days a year (or ten when New Year is observed the year before) from 2021 to 2040', () => {
    for (let year = 2021; year <= 2040; year += 1) {
      const dates = federalDates(year);
      const movedAway = weekdayOf(`${year}-01-01`) === 6 ? 1 : 0;
      const movedIn = weekdayOf(`${year + 1}-01-01`) === 6 ? 1 : 0;
      expect(dates).toHaveLength(11 - movedAway + movedIn);
      for (const date of dates) expect([1, 2, 3, 4, 5]).toContain(weekdayOf(date));
    }
  });
});

describe('holidaysOf (California courts)', () => {
  it('adds the state judicial holidays and the day after Thanksgiving, and leaves out Columbus Day', () => {
    const dates = holidaysOf(CA_COURT_HOLIDAYS_V1, 2026).map((h) => h.date);
    expect(dates).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-12',
      '2026-02-16',
      '2026-03-31',
      '2026-05-25',
      '2026-07-04', // a Saturday: listed, not moved
      '2026-09-07',
      '2026-11-11',
      '2026-11-26',
      '2026-11-27',
      '2026-12-25',
    ]);
  });

  it('moves a Sunday holiday to Monday, but a Saturday one (except Veterans Day) not at all', () => {
    // Cesar Chavez Day 2024 was a Sunday; Independence Day 2026 is a Saturday; Veterans Day 2028 too.
    expect(holidaysOf(CA_COURT_HOLIDAYS_V1, 2024).map((h) => h.date)).toContain('2024-04-01');
    expect(holidaysOf(CA_COURT_HOLIDAYS_V1, 2026).map((h) => h.date)).not.toContain('2026-07-03');
    expect(holidaysOf(CA_COURT_HOLIDAYS_V1, 2028).map((h) => h.date)).toContain('2028-11-10');
  });
});

describe('CourtCalendar', () => {
  it('says why a day is closed: weekend, holiday, observed holiday, declared closure', () => {
    const calendar = new CourtCalendar(US_FEDERAL_HOLIDAYS_V1, [{ date: '2026-12-24', reason: 'snow' }]);
    expect(calendar.closedReason('2026-11-28')).toEqual({ kind: 'weekend', text: 'Saturday' });
    expect(calendar.closedReason('2026-11-26')?.text).toBe('legal holiday: Thanksgiving Day');
    expect(calendar.closedReason('2026-07-03')?.text).toBe(
      'legal holiday: Independence Day (observed; falls on Saturday 2026-07-04)',
    );
    expect(calendar.closedReason('2026-12-24')).toEqual({
      kind: 'closure',
      text: "clerk's office inaccessible: snow",
    });
    expect(calendar.isCourtDay('2026-11-27')).toBe(true);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});
