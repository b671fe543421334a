import type { CollectionStatus } from './collections.rules';
import { chasedByReminders } from './collections.rules';

/** Whole days from `from` to `to` (YYYY-MM-DD, UTC). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDaysTo(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface ReminderCandidate {
  dueDate: string;
  openMinor: number;
  status: CollectionStatus;
  /** Steps (offsets) already sent for this invoice. */
  sentOffsets: readonly number[];
}

/**
 * The step of the schedule to send for an invoice on `asOf`, or null. Only an invoice with money open and
 * a status reminders chase (not disputed, not written off) gets one. Of the steps that have come due
 * (due date + offset ≤ asOf) only the latest is sent, and only if neither it nor a later step was sent:
 * a sweep that runs late sends the reminder that fits the day, not a "due in 7 days" after the due date.
 */
export function reminderStepDue(
  offsets: readonly number[],
  candidate: ReminderCandidate,
  asOf: string,
): { offsetDays: number; reminderDate: string } | null {
  if (candidate.openMinor <= 0 || !chasedByReminders(candidate.status)) return null;
  const elapsed = daysBetween(candidate.dueDate, asOf);
  const reached = [...offsets].filter((offset) => offset <= elapsed).sort((a, b) => a - b);
  const latest = reached[reached.length - 1];
  if (latest === undefined) return null;
  if (candidate.sentOffsets.some((sent) => sent >= latest)) return null;
  return { offsetDays: latest, reminderDate: addDaysTo(candidate.dueDate, latest) };
}
