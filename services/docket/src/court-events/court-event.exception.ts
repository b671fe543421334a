import { DomainError } from '@lawfirm/errors';

export enum CourtEventErrorCode {
  Vacated = 'court_event_vacated',
  MatterClosed = 'matter_closed',
}

/** A vacated event is off the calendar for good: schedule a new one instead. */
export class CourtEventVacatedError extends DomainError {
  constructor(id: string) {
    super(
      'conflict',
      CourtEventErrorCode.Vacated,
      `Court event ${id} is vacated and cannot change; schedule a new event instead.`,
    );
  }
}

export class CourtEventMatterClosedError extends DomainError {
  constructor(matterId: string) {
    super(
      'conflict',
      CourtEventErrorCode.MatterClosed,
      `Matter ${matterId} is closed; no court events can be scheduled on it.`,
    );
  }
}
