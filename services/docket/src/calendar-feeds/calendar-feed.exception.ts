import { DomainError } from '@lawfirm/errors';

export enum CalendarFeedErrorCode {
  Revoked = 'calendar_feed_revoked',
}

export class CalendarFeedRevokedError extends DomainError {
  constructor(id: string) {
    super('conflict', CalendarFeedErrorCode.Revoked, `Calendar feed ${id} is revoked; create a new one.`);
  }
}
