import type { CalendarDate } from '@lawfirm/primitives';

/**
 * Court-day arithmetic over `CalendarDate` strings (YYYY-MM-DD), with no time zone anywhere: a
 * court's calendar day is a label, not an instant. Days are numbered from 1970-01-01 so adding
 * and comparing them is integer arithmetic.
 */
export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** The digit at `index` of a date string (character code arithmetic: no substring, no number parsing). */
function digit(date: string, index: number): number {
  return date.charCodeAt(index) - 48;
}

/**
 * Integer arithmetic on the proleptic Gregorian calendar (H. Hinnant's days_from_civil and
 * civil_from_days), giving exactly what `Date.UTC` and `toISOString` give for years 0000-9999 at a
 * fraction of the cost: the calculator converts dates millions of times (bench/deadlines).
 */
export function dayNumber(date: CalendarDate): number {
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  const year =
    digit(date, 0) * 1000 +
    digit(date, 1) * 100 +
    digit(date, 2) * 10 +
    digit(date, 3) -
    (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const TWO_DIGITS = Array.from({ length: 32 }, (_, value) => String(value).padStart(2, '0'));

/**
 * Dates already formatted, by day number: a calculator run keeps meeting the same few thousand days.
 * Bounded (cleared when full) so a long-running process cannot grow it without limit.
 */
const formatted = new Map<number, CalendarDate>();
const FORMATTED_LIMIT = 100_000;

export function fromDayNumber(dayCount: number): CalendarDate {
  const known = formatted.get(dayCount);
  if (known !== undefined) return known;
  const date = formatDayNumber(dayCount);
  if (formatted.size >= FORMATTED_LIMIT) formatted.clear();
  formatted.set(dayCount, date);
  return date;
}

function formatDayNumber(dayCount: number): CalendarDate {
  const shifted = dayCount + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday (day 0, 1970-01-01, was a Thursday). */
export function weekdayOf(date: CalendarDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** "Monday 2026-11-30", as an explanation reads. */
export function describeDate(date: CalendarDate): string {
  return `${WEEKDAY_NAMES[weekdayOf(date)]} ${date}`;
}

/**
 * How a holiday that falls on a weekend is observed:
 * - `federal`: Saturday → the Friday before, Sunday → the Monday after (5 U.S.C. 6103(b), Executive Order 11582);
 * - `sunday-to-monday`: only Sunday moves, to the Monday after (e.g. Cal. Code Civ. Proc. § 135);
 * - `none`: the day itself only.
 */
export type Observance = 'federal' | 'sunday-to-monday' | 'none';

/** One holiday of a calendar, as data: how to find its date in a given year. */
export type HolidayRule =
  | {
      kind: 'fixed';
      name: string;
      month: number;
      day: number;
      observance: Observance;
      fromYear?: number;
      toYear?: number;
    }
  | {
      /** The nth `weekday` (0 = Sunday) of `month`; nth -1 is the last one. */
      kind: 'nth-weekday';
      name: string;
      month: number;
      weekday: number;
      nth: 1 | 2 | 3 | 4 | -1;
      fromYear?: number;
      toYear?: number;
    }
  | {
      /** `offsetDays` after another rule's day in the same calendar (the day after Thanksgiving). */
      kind: 'relative';
      name: string;
      base: string;
      offsetDays: number;
      fromYear?: number;
      toYear?: number;
    };

/** A versioned holiday calendar of one jurisdiction, stored as data (`holiday_calendars`). */
export interface HolidayCalendarDefinition {
  id: string;
  version: number;
  name: string;
  jurisdiction: string;
  /** Where the list comes from, so a lawyer can check it. */
  source: string;
  effectiveFrom: CalendarDate;
  effectiveTo?: CalendarDate;
  rules: HolidayRule[];
}

export interface Holiday {
  date: CalendarDate;
  name: string;
  /** The actual date when this is an observed (moved) day. */
  observedFor?: CalendarDate;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function nthWeekday(year: number, month: number, weekday: number, nth: number): CalendarDate {
  if (nth === -1) {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const last = `${year}-${pad(month)}-${pad(lastDay)}`;
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = `${year}-${pad(month)}-01`;
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7);
}

function appliesIn(rule: HolidayRule, year: number): boolean {
  return (
    (rule.fromYear === undefined || year >= rule.fromYear) &&
    (rule.toYear === undefined || year <= rule.toYear)
  );
}

/** The days of `year`'s holidays under `rules` as they fall (before observance). */
function actualDays(rules: readonly HolidayRule[], year: number): Map<string, CalendarDate> {
  const days = new Map<string, CalendarDate>();
  for (const rule of rules) {
    if (!appliesIn(rule, year)) continue;
    if (rule.kind === 'fixed') days.set(rule.name, `${year}-${pad(rule.month)}-${pad(rule.day)}`);
    else if (rule.kind === 'nth-weekday')
      days.set(rule.name, nthWeekday(year, rule.month, rule.weekday, rule.nth));
  }
  for (const rule of rules) {
    if (rule.kind !== 'relative' || !appliesIn(rule, year)) continue;
    const base = days.get(rule.base);
    if (base) days.set(rule.name, addDays(base, rule.offsetDays));
  }
  return days;
}

/**
 * The holidays observed in `year` (observed days may come from next year's rules: New Year's Day
 * on a Saturday is observed on the Friday before, 31 December).
 */
export function holidaysOf(calendar: Pick<HolidayCalendarDefinition, 'rules'>, year: number): Holiday[] {
  const holidays: Holiday[] = [];
  for (const ruleYear of [year - 1, year, year + 1]) {
    const days = actualDays(calendar.rules, ruleYear);
    for (const rule of calendar.rules) {
      const date = days.get(rule.name);
      if (!date) continue;
      const observance = rule.kind === 'fixed' ? rule.observance : 'none';
      const weekday = weekdayOf(date);
      let observed = date;
      if (weekday === 6 && observance === 'federal') observed = addDays(date, -1);
      if (weekday === 0 && observance !== 'none') observed = addDays(date, 1);
      if (Number(observed.slice(0, 4)) !== year) continue;
      holidays.push(
        observed === date
          ? { date, name: rule.name }
          : { date: observed, name: rule.name, observedFor: date },
      );
    }
  }
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A day the clerk's office was closed or inaccessible, declared by the firm (weather, outage, order). */
export interface ClosureDay {
  date: CalendarDate;
  reason: string;
}

export type ClosedReason =
  { kind: 'weekend'; text: string } | { kind: 'holiday'; text: string } | { kind: 'closure'; text: string };

/** One court's calendar: its holiday calendar version plus the closures the firm declared. */
export class CourtCalendar {
  private readonly holidaysByYear = new Map<number, Map<CalendarDate, Holiday>>();
  private readonly closures: Map<CalendarDate, string>;
  /** Closed reasons already worked out (null: a court day); a calendar lives for one computation request. */
  private readonly reasons = new Map<CalendarDate, ClosedReason | null>();

  constructor(
    readonly definition: HolidayCalendarDefinition,
    closures: readonly ClosureDay[] = [],
  ) {
    this.closures = new Map(closures.map((closure) => [closure.date, closure.reason]));
  }

  holiday(date: CalendarDate): Holiday | undefined {
    const year = Number(date.slice(0, 4));
    let days = this.holidaysByYear.get(year);
    if (!days) {
      days = new Map(holidaysOf(this.definition, year).map((holiday) => [holiday.date, holiday]));
      this.holidaysByYear.set(year, days);
    }
    return days.get(date);
  }

  /** Why the court is not open on `date`, or undefined on a court day (each date worked out once). */
  closedReason(date: CalendarDate): ClosedReason | undefined {
    let reason = this.reasons.get(date);
    if (reason === undefined) {
      reason = this.reasonOf(date) ?? null;
      this.reasons.set(date, reason);
    }
    return reason ?? undefined;
  }

  private reasonOf(date: CalendarDate): ClosedReason | undefined {
    const weekday = weekdayOf(date);
    if (weekday === 6 || weekday === 0) return { kind: 'weekend', text: WEEKDAY_NAMES[weekday] };
    const holiday = this.holiday(date);
    if (holiday) {
      return {
        kind: 'holiday',
        text: holiday.observedFor
          ? `legal holiday: ${holiday.name} (observed; falls on ${describeDate(holiday.observedFor)})`
          : `legal holiday: ${holiday.name}`,
      };
    }
    const closure = this.closures.get(date);
    if (closure !== undefined) return { kind: 'closure', text: `clerk's office inaccessible: ${closure}` };
    return undefined;
  }

  isCourtDay(date: CalendarDate): boolean {
    return this.closedReason(date) === undefined;
  }
}
