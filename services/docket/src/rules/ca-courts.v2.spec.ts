import { CA_CIVIL_V1 } from './data/ca-civil.v1';
import { CA_CIVIL_V2 } from './data/ca-civil.v2';
import { CA_COURT_HOLIDAYS_V1 } from './data/ca-courts.v1';
import { CA_COURT_HOLIDAYS_V2 } from './data/ca-courts.v2';
import { CourtCalendar, holidaysOf, weekdayOf } from './court-calendar';
import { checkRuleSet, planDeadlines } from './deadline.rules';

const named = (year: number): Array<[string, string]> =>
  holidaysOf(CA_COURT_HOLIDAYS_V2, year).map((holiday) => [holiday.date, holiday.name]);

describe('California court holidays, version 2 (CCP § 135, CRC rule 1.11)', () => {
  it("matches the Judicial Council's published 2026 court holiday schedule day for day", () => {
    expect(named(2026)).toEqual([
      ['2026-01-01', "New Year's Day"],
      ['2026-01-19', 'Martin Luther King, Jr. Day'],
      ['2026-02-12', "Lincoln's Birthday"],
      ['2026-02-16', "Washington's Birthday"],
      ['2026-03-31', 'Cesar Chavez Day'],
      ['2026-05-25', 'Memorial Day'],
      ['2026-06-19', 'Juneteenth'],
      ['2026-07-03', 'Independence Day'], // 4 July is a Saturday: observed Friday 3 July
      ['2026-09-07', 'Labor Day'],
      ['2026-09-25', 'Native American Day'],
      ['2026-11-11', 'Veterans Day'],
      ['2026-11-26', 'Thanksgiving Day'],
      ['2026-11-27', 'Day after Thanksgiving'],
      ['2026-12-25', 'Christmas Day'],
    ]);
    expect(holidaysOf(CA_COURT_HOLIDAYS_V2, 2026).find((h) => h.date === '2026-07-03')?.observedFor).toBe(
      '2026-07-04',
    );
  });

  it('gives the 2027 days worked out by hand, Saturday holidays on the Friday before', () => {
    // 1 Jan 2027 is a Friday. Juneteenth and Christmas fall on Saturdays (Fridays 18 Jun, 24 Dec),
    // 4 July on a Sunday (Monday 5 July), and 1 Jan 2028 on a Saturday: observed Friday 31 Dec 2027.
    expect(named(2027)).toEqual([
      ['2027-01-01', "New Year's Day"],
      ['2027-01-18', 'Martin Luther King, Jr. Day'],
      ['2027-02-12', "Lincoln's Birthday"],
      ['2027-02-15', "Washington's Birthday"],
      ['2027-03-31', 'Cesar Chavez Day'],
      ['2027-05-31', 'Memorial Day'],
      ['2027-06-18', 'Juneteenth'],
      ['2027-07-05', 'Independence Day'],
      ['2027-09-06', 'Labor Day'],
      ['2027-09-24', 'Native American Day'],
      ['2027-11-11', 'Veterans Day'],
      ['2027-11-25', 'Thanksgiving Day'],
      ['2027-11-26', 'Day after Thanksgiving'],
      ['2027-12-24', 'Christmas Day'],
      ['2027-12-31', "New Year's Day"],
    ]);
    for (const [date] of named(2027)) expect([1, 2, 3, 4, 5]).toContain(weekdayOf(date));
    // New Year's Day 2028 was observed in 2027, so 2028 has no 1 January closure.
    expect(named(2028).map(([date]) => date)).not.toContain('2028-01-01');
  });

  it('starts Juneteenth in 2023 and Native American Day in 2015, and never closes for Admission or Columbus Day', () => {
    expect(named(2022).map(([, name]) => name)).not.toContain('Juneteenth');
    expect(named(2023)).toContainEqual(['2023-06-19', 'Juneteenth']);
    expect(named(2016)).toContainEqual(['2016-09-23', 'Native American Day']);
    for (const year of [2026, 2027])
      for (const [date, name] of named(year)) {
        expect(name).not.toMatch(/Admission|Columbus/);
        expect(date.slice(5)).not.toBe('09-09');
      }
  });

  it('moves a court-day count back from a July 2026 hearing past the observed Independence Day and Juneteenth', () => {
    expect(checkRuleSet(CA_CIVIL_V2)).toEqual([]);
    const due = (ruleSet: typeof CA_CIVIL_V1, calendar: CourtCalendar): Record<string, string> =>
      Object.fromEntries(
        planDeadlines({
          ruleSet,
          calendar,
          triggerEvent: 'motion-hearing',
          triggerDate: '2026-07-13',
          serviceMethod: 'personal',
        }).map((deadline) => [deadline.ruleCode, deadline.dueDate]),
      );
    // Hearing Monday 13 July. Court days back: 10, 9, 8, 7, 6 July (5: reply); Friday 3 July is closed
    // (Independence Day observed); 2, 1 July, 30, 29 June (9: opposition); 26, 25, 24, 23, 22 June;
    // Friday 19 June is closed (Juneteenth); 18, 17 June (16: notice).
    expect(due(CA_CIVIL_V2, new CourtCalendar(CA_COURT_HOLIDAYS_V2))).toEqual({
      'ca-motion-reply': '2026-07-06',
      'ca-motion-opposition': '2026-06-29',
      'ca-motion-notice': '2026-06-17',
    });
    // Version 1 counted both days as court days: each backward deadline a day or two too late.
    expect(due(CA_CIVIL_V1, new CourtCalendar(CA_COURT_HOLIDAYS_V1))).toEqual({
      'ca-motion-reply': '2026-07-06',
      'ca-motion-opposition': '2026-06-30',
      'ca-motion-notice': '2026-06-19',
    });
  });
});
