import { DomainError } from '@lawfirm/errors';

export enum TimerErrorCode {
  AlreadyRunning = 'timer_already_running',
  InvalidTransition = 'invalid_transition',
  ExceedsDay = 'timer_exceeds_day',
}

/** A timekeeper runs one timer at a time (the partial unique index `timers_one_running` holds it). */
export class TimerAlreadyRunningError extends DomainError {
  constructor(runningTimerId: string | null) {
    super(
      'conflict',
      TimerErrorCode.AlreadyRunning,
      runningTimerId
        ? `Timer ${runningTimerId} is already running; pause or stop it first.`
        : 'Another timer is already running; pause or stop it first.',
      [],
      { runningTimerId },
    );
  }
}

export class InvalidTimerTransitionError extends DomainError {
  constructor(action: string, state: string, allowedFrom: readonly string[]) {
    super(
      'conflict',
      TimerErrorCode.InvalidTransition,
      `Cannot ${action} a timer that is ${state}; only a ${allowedFrom.join(' or ')} timer can be.`,
      [],
      {
        currentState: state,
      },
    );
  }
}

/** A time entry holds at most one day (1440 minutes); a timer left running longer cannot become one. */
export class TimerExceedsDayError extends DomainError {
  constructor(timerId: string, elapsedMinutes: number) {
    super(
      'unprocessable',
      TimerErrorCode.ExceedsDay,
      `Timer ${timerId} has run ${elapsedMinutes} minutes, more than one day's entry can hold (1440); pause it and record the time as entries instead.`,
      [],
      { elapsedMinutes },
    );
  }
}
