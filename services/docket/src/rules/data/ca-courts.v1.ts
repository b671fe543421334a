import type { HolidayCalendarDefinition } from '../court-calendar';

/**
 * California judicial holidays (Cal. Code Civ. Proc. § 135, by reference to Gov. Code § 6700):
 * a fixed-date holiday on a Sunday is observed the Monday after; of the Saturday holidays only
 * Veterans Day moves (to the Friday before). Admission Day and Columbus Day are state holidays on
 * which the courts stay open. Juneteenth and Native American Day are NOT in this version because
 * we could not confirm from the statute text at hand that they close the courts; an omitted
 * holiday makes a forward deadline earlier (safe) but a backward court-day deadline (CCP 1005(b))
 * later (unsafe), so this list must be checked against the Judicial Council's court holiday
 * schedule before relying on it. A correction is a new version, never an edit of this one.
 */
export const CA_COURT_HOLIDAYS_V1: HolidayCalendarDefinition = {
  id: 'ca-courts',
  version: 1,
  name: 'California judicial holidays (Cal. Code Civ. Proc. § 135)',
  jurisdiction: 'US-CA',
  source: 'Cal. Code Civ. Proc. § 135; Cal. Gov. Code § 6700',
  effectiveFrom: '2016-01-01',
  rules: [
    { kind: 'fixed', name: "New Year's Day", month: 1, day: 1, observance: 'sunday-to-monday' },
    { kind: 'nth-weekday', name: 'Martin Luther King, Jr. Day', month: 1, weekday: 1, nth: 3 },
    { kind: 'fixed', name: "Lincoln's Birthday", month: 2, day: 12, observance: 'sunday-to-monday' },
    { kind: 'nth-weekday', name: "Washington's Birthday", month: 2, weekday: 1, nth: 3 },
    { kind: 'fixed', name: 'Cesar Chavez Day', month: 3, day: 31, observance: 'sunday-to-monday' },
    { kind: 'nth-weekday', name: 'Memorial Day', month: 5, weekday: 1, nth: -1 },
    { kind: 'fixed', name: 'Independence Day', month: 7, day: 4, observance: 'sunday-to-monday' },
    { kind: 'nth-weekday', name: 'Labor Day', month: 9, weekday: 1, nth: 1 },
    { kind: 'fixed', name: 'Veterans Day', month: 11, day: 11, observance: 'federal' },
    { kind: 'nth-weekday', name: 'Thanksgiving Day', month: 11, weekday: 4, nth: 4 },
    { kind: 'relative', name: 'Day after Thanksgiving', base: 'Thanksgiving Day', offsetDays: 1 },
    { kind: 'fixed', name: 'Christmas Day', month: 12, day: 25, observance: 'sunday-to-monday' },
  ],
};
