/**
 * Durations as a lawyer types them: "72", "72m", "72min", "1h 12m", "1h12", "1:12", "1.2h",
 * "1,2 h", "1.2 hours". Returns whole minutes, or an explanation of why the text is not one.
 */
export type ParsedDuration = { ok: true; minutes: number } | { ok: false; reason: string };

const HOURS = '(?:h|hr|hrs|hour|hours)';
const MINUTES = '(?:m|min|mins|minute|minutes)';

export function parseDuration(text: string): ParsedDuration {
  const input = text.trim().toLowerCase().replace(/,/g, '.');
  if (!input) return { ok: false, reason: 'duration is empty' };
  let minutes: number | undefined;
  let match: RegExpMatchArray | null;
  if ((match = input.match(/^(\d+):([0-5]\d)$/))) {
    minutes = Number(match[1]) * 60 + Number(match[2]);
  } else if ((match = input.match(new RegExp(`^(\\d+)\\s*${HOURS}\\s*(?:(\\d+)\\s*(?:${MINUTES})?)?$`)))) {
    minutes = Number(match[1]) * 60 + Number(match[2] ?? 0);
    if (Number(match[2] ?? 0) >= 60) return { ok: false, reason: 'minutes after hours must be below 60' };
  } else if ((match = input.match(new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${HOURS}$`)))) {
    minutes = Number(match[1]) * 60;
  } else if ((match = input.match(new RegExp(`^(\\d+)\\s*(?:${MINUTES})?$`)))) {
    minutes = Number(match[1]);
  } else {
    return { ok: false, reason: `"${text}" is not a duration; write e.g. 72, 72min, 1h 12m, 1:12 or 1.2h` };
  }
  // Decimal hours must come to whole minutes (1.2h = 72): we never round a raw duration.
  if (Math.abs(minutes - Math.round(minutes)) > 1e-9) {
    return {
      ok: false,
      reason: `"${text}" is ${minutes.toFixed(2)} minutes; raw time is kept in whole minutes`,
    };
  }
  minutes = Math.round(minutes);
  if (minutes < 1) return { ok: false, reason: 'duration must be at least one minute' };
  if (minutes > 1440) return { ok: false, reason: 'duration cannot exceed 24 hours' };
  return { ok: true, minutes };
}
