import type { CalendarDate } from '@lawfirm/primitives';

/**
 * Court-day arithmetic over `CalendarDate` strings (YYYY-MM-DD), with no time zone anywhere: a
 * court's calendar day is a label, not an instant. Days are numbered from 1970-01-01 so adding
 * and comparing them is integer arithmetic.
 */
const DAY_MS = 86_400_000;
export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

export function dayNumber(date: CalendarDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function fromDayNumber(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: CalendarDate): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
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

  /** Why the court is not open on `date`, or undefined on a court day. */
  closedReason(date: CalendarDate): ClosedReason | undefined {
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
