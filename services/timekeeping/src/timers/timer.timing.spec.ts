import { DomainError } from '@lawfirm/errors';
import type { Clock } from './clock';
import { elapsedSeconds, minutesToRecord, started, transition, type TimerTiming } from './timer.timing';

/** A clock the test moves by hand. */
class FakeClock implements Clock {
  private current = new Date('2026-11-20T09:00:00.000Z');
  now(): Date {
    return new Date(this.current);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

describe('timer timing', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock();
  });

  it('counts the time of a running timer up to now', () => {
    const timing = started(clock.now());
    clock.advance(125);

    expect(elapsedSeconds(timing, clock.now())).toBe(125);
  });

  it('sums the runs between pauses and leaves out the paused time', () => {
    let timing: TimerTiming = started(clock.now());
    clock.advance(600);
    timing = transition(timing, 'pause', clock.now());
    clock.advance(3600); // lunch: not counted
    timing = transition(timing, 'resume', clock.now());
    clock.advance(300);
    timing = transition(timing, 'pause', clock.now());
    clock.advance(60);
    timing = transition(timing, 'resume', clock.now());
    clock.advance(45);

    const stopped = transition(timing, 'stop', clock.now());

    expect(stopped).toEqual({ state: 'stopped', runningSince: null, accumulatedSeconds: 945 });
    expect(minutesToRecord(stopped.accumulatedSeconds)).toBe(16);
  });

  it('does not count time while paused', () => {
    let timing: TimerTiming = started(clock.now());
    clock.advance(90);
    timing = transition(timing, 'pause', clock.now());
    clock.advance(10_000);

    expect(elapsedSeconds(timing, clock.now())).toBe(90);
    expect(transition(timing, 'stop', clock.now()).accumulatedSeconds).toBe(90);
  });

  it('drops the sub-second remainder of a run and never counts a clock step back', () => {
    const timing = started(clock.now());
    clock.advance(59.999);
    expect(elapsedSeconds(timing, clock.now())).toBe(59);
    clock.advance(-120);
    expect(elapsedSeconds(timing, clock.now())).toBe(0);
  });

  it.each([
    [0, 1],
    [1, 1],
    [59, 1],
    [60, 1],
    [61, 2],
    [3600, 60],
    [3601, 61],
  ])('records %i seconds as %i minutes (rounded up, at least one)', (seconds, minutes) => {
    expect(minutesToRecord(seconds)).toBe(minutes);
  });

  it('records a timer stopped at once as one minute', () => {
    const stopped = transition(started(clock.now()), 'stop', clock.now());

    expect(minutesToRecord(stopped.accumulatedSeconds)).toBe(1);
  });

  it.each([
    ['pause', 'paused'],
    ['pause', 'stopped'],
    ['resume', 'running'],
    ['resume', 'stopped'],
    ['stop', 'stopped'],
  ] as const)('refuses to %s a %s timer with a conflict naming the state', (action, state) => {
    const timing: TimerTiming = {
      state,
      runningSince: state === 'running' ? clock.now() : null,
      accumulatedSeconds: 30,
    };

    let refusal: unknown;
    try {
      transition(timing, action, clock.now());
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      kind: 'conflict',
      code: 'invalid_transition',
      extensions: { currentState: state },
    });
  });
});
