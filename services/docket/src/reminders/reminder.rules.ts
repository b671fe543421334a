import type { ReminderItemKind } from './reminder.entity';

import { zoneOffsetMs } from '../time-zone';

export { isTimeZone } from '../time-zone';

/** Lead times when a firm has set none: 30, 7 and 1 days before; court events also 2 hours before. */
export const DEFAULT_LEAD_MINUTES: Record<ReminderItemKind, readonly number[]> = {
  deadline: [43_200, 10_080, 1_440],
  'court-event': [43_200, 10_080, 1_440, 120],
};

/** The longest lead time a rule may name: a year. */
export const MAX_LEAD_MINUTES = 525_600;

export interface PlannedStep {
  leadMinutes: number;
  dueAt: Date;
}

/**
 * The reminder steps of an item at `itemAt`: one per lead time, due that long before it. A step
 * whose time has already passed when the item is planned is left out — a reminder "30 days
 * before" of a hearing set for next week would only be noise.
 */
export function planSteps(itemAt: Date, leadMinutes: readonly number[], now: Date): PlannedStep[] {
  return [...new Set(leadMinutes)]
    .map((lead) => ({ leadMinutes: lead, dueAt: new Date(itemAt.getTime() - lead * 60_000) }))
    .filter((step) => step.dueAt.getTime() > now.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * The instant a wall-clock time (`date` YYYY-MM-DD, `time` HH:MM, default midnight) happens in
 * `zone`. A time skipped by a daylight-saving change reads as the same time after the change.
 */
export function wallClockToInstant(date: string, zone: string, time = '00:00'): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const asUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!);
  const first = asUtc - zoneOffsetMs(zone, asUtc);
  const candidates = [asUtc - zoneOffsetMs(zone, first), first].filter(
    (instant) => instant + zoneOffsetMs(zone, instant) === asUtc,
  );
  // None reads back as the wall clock asked for: it falls in a spring-forward gap.
  if (candidates.length === 0) return new Date(Math.max(first, asUtc - zoneOffsetMs(zone, first)));
  return new Date(Math.min(...candidates));
}
