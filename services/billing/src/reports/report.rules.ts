/**
 * Billing report arithmetic, pure and in integer minor units (unit tested beside it).
 *
 * - Standard value of a piece of time = round_half_up(minutes × the timekeeper's default rate on the work
 *   date ÷ 60), per entry (or invoice line), in minor units; the default rate is the timekeeper's
 *   `timekeeper`-scope rate rule in the report's currency, whatever matter, client or activity rule priced
 *   the bill. Time with no default rate on its date is counted as unpriced and left out of the values.
 * - Ratios (realization, collection rate) are numerator ÷ denominator rounded half-up to 4 decimal places
 *   (0.8571 = 85.71%), computed with integers; null when the denominator is 0.
 * - Collected per timekeeper: each invoice's net payments split over its lines in proportion to their
 *   amounts, round_half_up(timekeeper's amount on the invoice × paid on it ÷ invoice total) per invoice.
 */

/**
 * round(a × b ÷ denominator) half away from zero, exact for any safe integers (the product may exceed
 * 2^53, so it is taken in BigInt); denominator > 0.
 */
export function multiplyDivideHalfUp(a: number, b: number, denominator: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(denominator);
  const magnitude = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return Number(n < 0n ? -magnitude : magnitude);
}

/** The standard value of `minutes` at an hourly rate, half-up to the minor unit. */
export function standardValue(minutes: number, hourlyRateMinor: number): number {
  return multiplyDivideHalfUp(minutes, hourlyRateMinor, 60);
}

export const RATIO_DECIMALS = 4;
const RATIO_SCALE = 10 ** RATIO_DECIMALS;

/** numerator ÷ denominator half-up to 4 decimals, or null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return multiplyDivideHalfUp(numerator, RATIO_SCALE, denominator) / RATIO_SCALE;
}

/** Unbilled work ages by days since it was done (work or expense date) on the as-of date. */
export const UNBILLED_BUCKETS = ['days0To30', 'days31To60', 'days61To90', 'days91To180', 'over180'] as const;
export type UnbilledBucket = (typeof UNBILLED_BUCKETS)[number];

const DAY_MS = 86_400_000;

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function unbilledBucket(workDate: string, asOf: string): UnbilledBucket {
  const age = daysBetween(workDate, asOf);
  if (age <= 30) return 'days0To30';
  if (age <= 60) return 'days31To60';
  if (age <= 90) return 'days61To90';
  if (age <= 180) return 'days91To180';
  return 'over180';
}

/** The timekeeper's share of what was paid on one invoice, in proportion to their amount on it. */
export function collectedShare(
  timekeeperAmountMinor: number,
  paidMinor: number,
  invoiceTotalMinor: number,
): number {
  if (invoiceTotalMinor <= 0) return 0;
  return multiplyDivideHalfUp(timekeeperAmountMinor, paidMinor, invoiceTotalMinor);
}
