import { parseDuration } from './duration';

/** Raw minutes worked: a whole number from 1 to 1440 (one day). Never rounded, never rewritten. */
export type Minutes = number;

export const MAX_MINUTES_PER_ENTRY = 1440;
/** A typed duration longer than this is not a duration ("1h 12m" needs a handful of characters). */
export const MAX_DURATION_LENGTH = 40;

export type MinutesResult =
  { ok: true; minutes: Minutes } | { ok: false; field: 'minutes' | 'duration'; message: string };

const absent = (value: unknown): value is undefined | null => value === undefined || value === null;

/**
 * The minutes of a time entry from exactly one of `minutes` (a number) or `duration` (text a
 * lawyer types, "1h 12m"), with the messages every route that takes time gives.
 */
export function minutesFrom(minutes: unknown, duration: unknown): MinutesResult {
  if (!absent(minutes) && !absent(duration))
    return { ok: false, field: 'duration', message: 'give minutes or duration, not both' };
  if (!absent(duration)) {
    if (typeof duration !== 'string')
      return { ok: false, field: 'duration', message: 'duration must be text such as "1h 12m"' };
    if (duration.length > MAX_DURATION_LENGTH)
      return {
        ok: false,
        field: 'duration',
        message: `duration must be at most ${MAX_DURATION_LENGTH} characters`,
      };
    const parsed = parseDuration(duration);
    return parsed.ok ? parsed : { ok: false, field: 'duration', message: parsed.reason };
  }
  if (absent(minutes))
    return {
      ok: false,
      field: 'minutes',
      message: 'give the time worked as minutes (e.g. 72) or duration (e.g. "1h 12m")',
    };
  if (typeof minutes !== 'number' || !Number.isInteger(minutes))
    return { ok: false, field: 'minutes', message: 'minutes must be a whole number of minutes' };
  if (minutes < 1) return { ok: false, field: 'minutes', message: 'minutes must be at least 1' };
  if (minutes > MAX_MINUTES_PER_ENTRY)
    return {
      ok: false,
      field: 'minutes',
      message: `minutes cannot exceed ${MAX_MINUTES_PER_ENTRY} (one day)`,
    };
  return { ok: true, minutes };
}
