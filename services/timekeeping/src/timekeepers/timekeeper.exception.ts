import { DomainError } from '@lawfirm/errors';

export enum TimekeeperErrorCode {
  UserTaken = 'timekeeper_user_taken',
  Unknown = 'timekeeper_unknown',
  Inactive = 'timekeeper_inactive',
  NotYours = 'timekeeper_not_yours',
}

export class TimekeeperUserTakenError extends DomainError {
  constructor(userId: string) {
    super(
      'conflict',
      TimekeeperErrorCode.UserTaken,
      `User ${userId} already has a timekeeper profile in this firm.`,
      [{ field: 'userId', message: 'each user can be linked to one timekeeper' }],
    );
  }
}

/** A requested timekeeper that does not exist in the caller's firm. */
export class TimekeeperUnknownError extends DomainError {
  constructor(timekeeperId: string) {
    super(
      'unprocessable',
      TimekeeperErrorCode.Unknown,
      `Timekeeper ${timekeeperId} is not a timekeeper of this firm.`,
      [
        {
          field: 'timekeeperId',
          message: 'timekeeperId must be the id of an active timekeeper of this firm',
        },
      ],
    );
  }
}

export class TimekeeperInactiveError extends DomainError {
  constructor(timekeeperId: string) {
    super(
      'unprocessable',
      TimekeeperErrorCode.Inactive,
      `Timekeeper ${timekeeperId} is inactive; a firm admin can reactivate it.`,
      [{ field: 'timekeeperId', message: 'the timekeeper is inactive' }],
    );
  }
}

/** Recording time for someone else is for the people who run the books, not for everyone. */
export class RecordingForOtherTimekeeperError extends DomainError {
  constructor(roles: readonly string[]) {
    super(
      'forbidden',
      TimekeeperErrorCode.NotYours,
      `Recording time for another timekeeper needs one of the roles: ${roles.join(', ')}.`,
    );
  }
}
