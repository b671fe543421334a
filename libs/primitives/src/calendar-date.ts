import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A calendar date written YYYY-MM-DD, as the API, the events and PostgreSQL's `date` carry it. */
export type CalendarDate = string;

/** Dates before this year are typing mistakes in a law firm's records, not history. */
export const EARLIEST_CALENDAR_YEAR = 1900;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (no 2026-02-30), from 1900 on. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < EARLIEST_CALENDAR_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Fourteen hours: the furthest ahead of UTC any place keeps its clocks (Kiribati's Line Islands). */
const EARLIEST_OFFSET_MS = 14 * 60 * 60 * 1000;

/**
 * The latest calendar date anywhere on Earth at `now`. A service rarely knows the caller's time
 * zone, so "today" is the most generous one: an expense entered (or a consent signed) in Sydney on
 * the morning of the 21st is not refused because it is still the 20th in UTC.
 */
export function latestCurrentDate(now: Date = new Date()): CalendarDate {
  return new Date(now.getTime() + EARLIEST_OFFSET_MS).toISOString().slice(0, 10);
}

/** A date that has not begun anywhere on Earth yet (money already spent cannot be spent tomorrow). */
export function isFutureDate(date: CalendarDate, now: Date = new Date()): boolean {
  return date > latestCurrentDate(now);
}

const calendarDateMessage = (property: string | undefined): string =>
  `${property ?? 'value'} must be a calendar date written YYYY-MM-DD (from ${EARLIEST_CALENDAR_YEAR})`;

/** DTO decorator: a real calendar date written YYYY-MM-DD, from 1900 on. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args) => calendarDateMessage(args?.property),
      },
    },
    options,
  );
}

/** DTO decorator: a calendar date that is today or earlier somewhere on Earth. */
export function IsPastOrCurrentDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastOrCurrentDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value) && !isFutureDate(value),
        defaultMessage: (args) =>
          isCalendarDate(args?.value)
            ? `${args.property} must not be in the future`
            : calendarDateMessage(args?.property),
      },
    },
    options,
  );
}
