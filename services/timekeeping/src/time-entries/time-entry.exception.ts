import { DomainError } from '@lawfirm/errors';
import type { Violation } from '../guidelines/guideline.service';

export enum TimeEntryErrorCode {
  InvalidTransition = 'invalid_transition',
  GuidelineViolation = 'guideline_violation',
  DurationMissing = 'duration_required',
}

export class InvalidTransitionError extends DomainError {
  constructor(action: string, status: string, allowedFrom: string) {
    super(
      'conflict',
      TimeEntryErrorCode.InvalidTransition,
      `Cannot ${action} a time entry that is ${status}; only a ${allowedFrom} entry can be.`,
      [],
      {
        currentStatus: status,
      },
    );
  }
}

/** The client's guideline is in blocking mode and the entry breaks it. */
export class GuidelineViolationError extends DomainError {
  constructor(violations: Violation[]) {
    super(
      'unprocessable',
      TimeEntryErrorCode.GuidelineViolation,
      "The entry breaks the client's billing guidelines.",
      [],
      { violations },
    );
  }
}
