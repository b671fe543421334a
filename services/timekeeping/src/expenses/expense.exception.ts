import { DomainError } from '@lawfirm/errors';

export enum ExpenseErrorCode {
  InvalidTransition = 'invalid_transition',
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
