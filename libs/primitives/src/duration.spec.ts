import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['72', 72],
    ['72m', 72],
    ['72min', 72],
    ['72 minutes', 72],
    ['1h 12m', 72],
    ['1h12m', 72],
    ['1h 12', 72],
    ['1 hour 12 minutes', 72],
    ['1:12', 72],
    ['0:06', 6],
    ['1.2h', 72],
    ['1,2 h', 72],
    ['1.2 hours', 72],
    ['2h', 120],
    ['0.1h', 6],
    ['24h', 1440],
  ])('reads %p as %p minutes', (text, minutes) => {
    expect(parseDuration(text)).toEqual({ ok: true, minutes });
  });

  it.each([
    ['', 'empty'],
    ['abc', 'not a duration'],
    ['1:75', 'not a duration'],
    ['1h 75m', 'below 60'],
    ['1.21h', 'whole minutes'],
    ['0', 'at least one minute'],
    ['25h', '24 hours'],
    ['-5', 'not a duration'],
  ])('refuses %p (%s)', (text, reason) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});
