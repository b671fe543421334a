import { InvalidTimerTransitionError } from './timer.exception';

export const TIMER_STATES = ['running', 'paused', 'stopped'] as const;
export type TimerState = (typeof TIMER_STATES)[number];
export type TimerAction = 'pause' | 'resume' | 'stop';

/** What a timer's elapsed time is made of: the closed runs, and the open one if it is running. */
export interface TimerTiming {
  state: TimerState;
  /** Start of the current run; null unless running. */
  runningSince: Date | null;
  /** Whole seconds of the runs already closed by a pause. */
  accumulatedSeconds: number;
}

const ALLOWED_FROM: Record<TimerAction, readonly TimerState[]> = {
  pause: ['running'],
  resume: ['paused'],
  stop: ['running', 'paused'],
};

export function started(now: Date): TimerTiming {
  return { state: 'running', runningSince: now, accumulatedSeconds: 0 };
}

/**
 * Seconds counted so far. A run counts in whole seconds (its sub-second remainder is dropped, so
 * no time is counted that was not run); a clock that stepped back counts as zero, never negative.
 */
export function elapsedSeconds(timing: TimerTiming, now: Date): number {
  if (timing.state !== 'running' || !timing.runningSince) return timing.accumulatedSeconds;
  const runMilliseconds = now.getTime() - timing.runningSince.getTime();
  return timing.accumulatedSeconds + Math.max(0, Math.floor(runMilliseconds / 1000));
}

/** The timing after `action` at `now`; an action the state does not allow is a 409 naming the state. */
export function transition(timing: TimerTiming, action: TimerAction, now: Date): TimerTiming {
  const allowedFrom = ALLOWED_FROM[action];
  if (!allowedFrom.includes(timing.state))
    throw new InvalidTimerTransitionError(action, timing.state, allowedFrom);
  switch (action) {
    case 'pause':
      return { state: 'paused', runningSince: null, accumulatedSeconds: elapsedSeconds(timing, now) };
    case 'resume':
      return { state: 'running', runningSince: now, accumulatedSeconds: timing.accumulatedSeconds };
    case 'stop':
      return { state: 'stopped', runningSince: null, accumulatedSeconds: elapsedSeconds(timing, now) };
  }
}

/** Minutes a stopped timer records: rounded up to whole minutes, and never less than one. */
export function minutesToRecord(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
