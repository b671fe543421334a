/** Fourteen hours: the furthest ahead of UTC any place keeps its clocks (Kiribati's Line Islands). */
const EARLIEST_OFFSET_MS = 14 * 60 * 60 * 1000;

/**
 * The latest calendar date anywhere on Earth at `now`. The service does not know the spender's
 * time zone, so "today" is the most generous one: an expense entered in Sydney on the morning
 * of the 21st must not be refused because it is still the 20th in UTC.
 */
export function latestCurrentDate(now: Date): string {
  return new Date(now.getTime() + EARLIEST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Money already spent: an expense dated after today (wherever its spender is) is a typo. */
export function isFutureExpenseDate(expenseDate: string, now: Date): boolean {
  return expenseDate > latestCurrentDate(now);
}
