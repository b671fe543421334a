/**
 * Tenths of an hour, rounded up to the client's billing increment: with the default 6 minutes,
 * 1–6 minutes bill 0.1 h, 7–12 bill 0.2 h, and so on.
 *
 * Billed units are stored as whole tenths (an integer column, and an integer in the events), so an
 * increment that is not a multiple of 6 minutes is rounded UP once more to the next whole tenth:
 * with 15-minute increments 7 minutes round to 15 = 2.5 tenths and bill 3 tenths (18 minutes).
 * Both roundings go up, so a minute worked is never lost; nothing beyond those two roundings is added.
 */
export function billedTenthsFor(minutes: number, incrementMinutes = 6): number {
  if (!Number.isInteger(minutes) || minutes < 0)
    throw new RangeError('minutes must be a non-negative integer');
  if (!Number.isInteger(incrementMinutes) || incrementMinutes < 1)
    throw new RangeError('incrementMinutes must be a positive integer');
  const roundedMinutes = Math.ceil(minutes / incrementMinutes) * incrementMinutes;
  return Math.ceil(roundedMinutes / 6);
}
