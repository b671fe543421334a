/** Tenths of an hour, rounded up: 1–6 minutes bill 0.1 h, 7–12 bill 0.2 h, and so on. */
export function billedTenthsFor(minutes: number, incrementMinutes = 6): number {
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError('minutes must be a non-negative integer');
  const increments = Math.ceil(minutes / incrementMinutes);
  return (increments * incrementMinutes) / 6;
}
