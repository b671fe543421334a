import { DomainError } from '@lawfirm/errors';

export enum ExpenseErrorCode {
  MatterUnknown = 'matter_not_found',
  MatterNotOpen = 'matter_not_open',
  InvalidTransition = 'invalid_transition',
}

export class ExpenseMatterUnknownError extends DomainError {
  constructor(matterId: string) {
    super(
      'unprocessable',
      ExpenseErrorCode.MatterUnknown,
      `Matter ${matterId} is not known to timekeeping.`,
      [{ field: 'matterId', message: 'matterId must be the id of an open matter of this firm' }],
    );
  }
}

export class ExpenseMatterNotOpenError extends DomainError {
  constructor(matterId: string, status: string) {
    super(
      'unprocessable',
      ExpenseErrorCode.MatterNotOpen,
      `Matter ${matterId} is ${status}; expenses can only be recorded on an open matter.`,
      [{ field: 'matterId', message: `the matter is ${status}, not open` }],
    );
  }
}

/** The expense is not in a status the action applies to; `currentStatus` says which it is. */
export class InvalidExpenseTransitionError extends DomainError {
  constructor(action: string, status: string, allowedFrom: string) {
    super(
      'conflict',
      ExpenseErrorCode.InvalidTransition,
      `Cannot ${action} an expense that is ${status}; only a ${allowedFrom} expense can be.`,
      [],
      {
        currentStatus: status,
      },
    );
  }
}
