import { DEFAULT_LEAD_MINUTES, isTimeZone, planSteps, wallClockToInstant } from './reminder.rules';

describe('planSteps', () => {
  const hearing = new Date('2026-12-15T15:00:00Z');

  it('plans one step per lead time, earliest first', () => {
    const steps = planSteps(hearing, DEFAULT_LEAD_MINUTES['court-event'], new Date('2026-11-01T00:00:00Z'));
    expect(steps.map((step) => [step.leadMinutes, step.dueAt.toISOString()])).toEqual([
      [43_200, '2026-11-15T15:00:00.000Z'],
      [10_080, '2026-12-08T15:00:00.000Z'],
      [1_440, '2026-12-14T15:00:00.000Z'],
      [120, '2026-12-15T13:00:00.000Z'],
    ]);
  });

  it('leaves out steps whose time has passed when the item is planned, and duplicate lead times', () => {
    const steps = planSteps(hearing, [43_200, 1_440, 1_440, 120], new Date('2026-12-10T00:00:00Z'));
    expect(steps.map((step) => step.leadMinutes)).toEqual([1_440, 120]);
  });
});

describe('wallClockToInstant', () => {
  it('reads midnight in New York as 05:00 UTC in winter and 04:00 UTC in summer', () => {
    expect(wallClockToInstant('2026-12-01', 'America/New_York').toISOString()).toBe(
      '2026-12-01T05:00:00.000Z',
    );
    expect(wallClockToInstant('2026-07-01', 'America/New_York').toISOString()).toBe(
      '2026-07-01T04:00:00.000Z',
    );
  });

  it('handles the days daylight saving starts and ends (Los Angeles, 2026-03-08 and 2026-11-01)', () => {
    expect(wallClockToInstant('2026-03-08', 'America/Los_Angeles', '09:00').toISOString()).toBe(
      '2026-03-08T16:00:00.000Z',
    );
    expect(wallClockToInstant('2026-11-01', 'America/Los_Angeles', '09:00').toISOString()).toBe(
      '2026-11-01T17:00:00.000Z',
    );
    // 02:30 does not exist on 2026-03-08 in Los Angeles: it reads as 03:30 PDT.
    expect(wallClockToInstant('2026-03-08', 'America/Los_Angeles', '02:30').toISOString()).toBe(
      '2026-03-08T10:30:00.000Z',
    );
  });

  it('is UTC itself in UTC', () => {
    expect(wallClockToInstant('2026-02-28', 'UTC', '16:30').toISOString()).toBe('2026-02-28T16:30:00.000Z');
  });
});

describe('isTimeZone', () => {
  it('accepts IANA zones and refuses anything else', () => {
    expect(isTimeZone('America/Chicago')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });
});
