import { DomainError } from '@lawfirm/errors';

export enum DeadlineErrorCode {
  TriggerExists = 'trigger_exists',
  MatterClosed = 'matter_closed',
  AlreadyDone = 'deadline_already_done',
  NotUnderReview = 'deadline_not_under_review',
}

/** The matter already has this event for this party under this rule set: change that trigger instead. */
export class TriggerExistsError extends DomainError {
  constructor(triggerEvent: string) {
    super(
      'conflict',
      DeadlineErrorCode.TriggerExists,
      `The matter already has a ${triggerEvent} trigger for this party under this rule set; change it with PATCH /v1/triggers/{id}.`,
    );
  }
}

export class MatterClosedError extends DomainError {
  constructor(matterId: string) {
    super(
      'conflict',
      DeadlineErrorCode.MatterClosed,
      `Matter ${matterId} is closed; its triggers cannot change.`,
    );
  }
}

export class DeadlineAlreadyDoneError extends DomainError {
  constructor(id: string) {
    super('conflict', DeadlineErrorCode.AlreadyDone, `Deadline ${id} is already marked done.`);
  }
}

export class DeadlineNotUnderReviewError extends DomainError {
  constructor(id: string) {
    super('conflict', DeadlineErrorCode.NotUnderReview, `Deadline ${id} is not flagged for review.`);
  }
}
