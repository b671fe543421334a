import type { HolidayCalendarDefinition } from '../court-calendar';

/**
 * California judicial holidays, corrected (version 1 is kept, frozen, for the computations made with it).
 * Checked against the Judicial Council's published court holiday schedule for 2026 ("The California courts
 * will be closed in observance of the following holidays", appellate.courts.ca.gov; the same list on the
 * superior courts' sites) and the rules behind it:
 * - Cal. Code Civ. Proc. § 135: every full-day holiday of Gov. Code § 6700 is a judicial holiday except
 *   Admission Day (9 September), plus the day after Thanksgiving; so Cesar Chavez Day (31 March), Native
 *   American Day (fourth Friday in September, in § 6700 since 2015) and Juneteenth (in § 6700 since 2023)
 *   close the courts, and Columbus Day (not a full-day § 6700 holiday any more) does not.
 * - Cal. Rules of Court, rule 1.11: a judicial holiday on a Saturday is observed the Friday before, one on
 *   a Sunday the Monday after ('federal' observance here). Version 1 moved only Sunday holidays (and
 *   Veterans Day), so it missed e.g. Friday 3 July 2026, and it lacked Juneteenth and Native American Day.
 */
export const CA_COURT_HOLIDAYS_V2: HolidayCalendarDefinition = {
  id: 'ca-courts',
  version: 2,
  name: 'California judicial holidays (Cal. Code Civ. Proc. § 135; Cal. Rules of Court, rule 1.11)',
  jurisdiction: 'US-CA',
  source:
    'Cal. Code Civ. Proc. § 135; Cal. Gov. Code § 6700; Cal. Rules of Court, rule 1.11; Judicial Council court holiday schedule 2026',
  effectiveFrom: '2016-01-01',
  rules: [
    { kind: 'fixed', name: "New Year's Day", month: 1, day: 1, observance: 'federal' },
    { kind: 'nth-weekday', name: 'Martin Luther King, Jr. Day', month: 1, weekday: 1, nth: 3 },
    { kind: 'fixed', name: "Lincoln's Birthday", month: 2, day: 12, observance: 'federal' },
    { kind: 'nth-weekday', name: "Washington's Birthday", month: 2, weekday: 1, nth: 3 },
    { kind: 'fixed', name: 'Cesar Chavez Day', month: 3, day: 31, observance: 'federal' },
    { kind: 'nth-weekday', name: 'Memorial Day', month: 5, weekday: 1, nth: -1 },
    { kind: 'fixed', name: 'Juneteenth', month: 6, day: 19, observance: 'federal', fromYear: 2023 },
    { kind: 'fixed', name: 'Independence Day', month: 7, day: 4, observance: 'federal' },
    { kind: 'nth-weekday', name: 'Labor Day', month: 9, weekday: 1, nth: 1 },
    { kind: 'nth-weekday', name: 'Native American Day', month: 9, weekday: 5, nth: 4, fromYear: 2015 },
    { kind: 'fixed', name: 'Veterans Day', month: 11, day: 11, observance: 'federal' },
    { kind: 'nth-weekday', name: 'Thanksgiving Day', month: 11, weekday: 4, nth: 4 },
    { kind: 'relative', name: 'Day after Thanksgiving', base: 'Thanksgiving Day', offsetDays: 1 },
    { kind: 'fixed', name: 'Christmas Day', month: 12, day: 25, observance: 'federal' },
  ],
};
