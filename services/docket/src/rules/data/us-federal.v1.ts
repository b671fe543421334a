import type { HolidayCalendarDefinition } from '../court-calendar';

/**
 * The legal holidays of FRCP 6(a)(6)(A) (the days set aside by 5 U.S.C. § 6103(a)), with the
 * observance of § 6103(b) and Executive Order 11582: a holiday on a Saturday is observed the
 * Friday before, one on a Sunday the Monday after. Frozen once released: a change is a new version.
 */
export const US_FEDERAL_HOLIDAYS_V1: HolidayCalendarDefinition = {
  id: 'us-federal',
  version: 1,
  name: 'United States federal legal holidays (FRCP 6(a)(6)(A); 5 U.S.C. § 6103)',
  jurisdiction: 'US',
  source:
    '5 U.S.C. § 6103(a), (b); Exec. Order No. 11582; Juneteenth National Independence Day Act, Pub. L. 117-17 (2021)',
  effectiveFrom: '1986-01-01',
  rules: [
    { kind: 'fixed', name: "New Year's Day", month: 1, day: 1, observance: 'federal' },
    {
      kind: 'nth-weekday',
      name: 'Birthday of Martin Luther King, Jr.',
      month: 1,
      weekday: 1,
      nth: 3,
      fromYear: 1986,
    },
    { kind: 'nth-weekday', name: "Washington's Birthday", month: 2, weekday: 1, nth: 3 },
    { kind: 'nth-weekday', name: 'Memorial Day', month: 5, weekday: 1, nth: -1 },
    {
      kind: 'fixed',
      name: 'Juneteenth National Independence Day',
      month: 6,
      day: 19,
      observance: 'federal',
      fromYear: 2021,
    },
    { kind: 'fixed', name: 'Independence Day', month: 7, day: 4, observance: 'federal' },
    { kind: 'nth-weekday', name: 'Labor Day', month: 9, weekday: 1, nth: 1 },
    { kind: 'nth-weekday', name: 'Columbus Day', month: 10, weekday: 1, nth: 2 },
    { kind: 'fixed', name: 'Veterans Day', month: 11, day: 11, observance: 'federal' },
    { kind: 'nth-weekday', name: 'Thanksgiving Day', month: 11, weekday: 4, nth: 4 },
    { kind: 'fixed', name: 'Christmas Day', month: 12, day: 25, observance: 'federal' },
  ],
};
