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

export enum ClassificationErrorCode {
  Unknown = 'classification_unknown',
  Retired = 'classification_retired',
  Taken = 'classification_taken',
  BuiltIn = 'classification_built_in',
  BulkRefused = 'classification_bulk_refused',
}

/** A timekeeper's classification must be a LEDES code or one the firm registered. */
export class ClassificationUnknownError extends DomainError {
  constructor(code: string) {
    super(
      'unprocessable',
      ClassificationErrorCode.Unknown,
      `${code} is neither a LEDES timekeeper classification nor one this firm registered.`,
      [
        {
          field: 'classification',
          message:
            'classification must be PT, AS, OC, PL, LA, OT or a code from GET /v1/timekeeper-classifications',
        },
      ],
    );
  }
}

/** A retired classification stays on the timekeepers who have it but is given to no one new. */
export class ClassificationRetiredError extends DomainError {
  constructor(code: string) {
    super('unprocessable', ClassificationErrorCode.Retired, `Classification ${code} is retired.`, [
      { field: 'classification', message: `${code} is retired; a firm admin can reactivate it` },
    ]);
  }
}

export class ClassificationTakenError extends DomainError {
  constructor(code: string) {
    super('conflict', ClassificationErrorCode.Taken, `This firm already has a classification ${code}.`, [
      { field: 'code', message: 'each code can be registered once per firm' },
    ]);
  }
}

/** The six LEDES codes are the same for every firm and are not edited. */
export class ClassificationBuiltInError extends DomainError {
  constructor(code: string, field: string) {
    super(
      'unprocessable',
      ClassificationErrorCode.BuiltIn,
      `${code} is a built-in LEDES classification and cannot be registered or changed.`,
      [{ field, message: `${code} is built in; choose another code` }],
    );
  }
}

/** A bulk registration is all or nothing: any refused item leaves every code as it was. */
export class ClassificationBulkRefusedError extends DomainError {
  constructor(errors: Array<{ field: string; message: string }>) {
    super(
      'unprocessable',
      ClassificationErrorCode.BulkRefused,
      'Some classifications cannot be registered; nothing was changed.',
      errors,
    );
  }
}
