import { DomainError } from '@lawfirm/errors';
import type { Violation } from '../guidelines/guideline.types';

export enum TimeEntryErrorCode {
  MatterUnknown = 'matter_not_found',
  MatterNotOpen = 'matter_not_open',
  InvalidTransition = 'invalid_transition',
  GuidelineViolation = 'guideline_violation',
  DurationMissing = 'duration_required',
}

export class MatterUnknownError extends DomainError {
  constructor(matterId: string) {
    super('unprocessable', TimeEntryErrorCode.MatterUnknown, `Matter ${matterId} is not known to timekeeping.`, [
      { field: 'matterId', message: 'matterId must be the id of an open matter of this firm' },
    ]);
  }
}

export class MatterNotOpenError extends DomainError {
  constructor(matterId: string, status: string) {
    super('unprocessable', TimeEntryErrorCode.MatterNotOpen, `Matter ${matterId} is ${status}; time can only be recorded on an open matter.`, [
      { field: 'matterId', message: `the matter is ${status}, not open` },
    ]);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(action: string, status: string, allowedFrom: string) {
    super('conflict', TimeEntryErrorCode.InvalidTransition, `Cannot ${action} a time entry that is ${status}; only a ${allowedFrom} entry can be.`, [], {
      currentStatus: status,
    });
  }
}

/** The client's guideline is in blocking mode and the entry breaks it. */
export class GuidelineViolationError extends DomainError {
  constructor(violations: Violation[]) {
    super('unprocessable', TimeEntryErrorCode.GuidelineViolation, "The entry breaks the client's billing guidelines.", [], { violations });
  }
}
