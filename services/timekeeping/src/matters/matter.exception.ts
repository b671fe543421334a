import { DomainError } from '@lawfirm/errors';

export enum MatterErrorCode {
  MatterUnknown = 'matter_not_found',
  MatterNotOpen = 'matter_not_open',
}

/** What a caller is recording on the matter; it names the thing in the 422's message. */
export type RecordedOnMatter = 'time' | 'expenses';

export const UNKNOWN_MATTER_FIELD_MESSAGE = 'matterId must be the id of an open matter of this firm';

export class MatterUnknownError extends DomainError {
  constructor(matterId: string) {
    super('unprocessable', MatterErrorCode.MatterUnknown, `Matter ${matterId} is not known to timekeeping.`, [
      { field: 'matterId', message: UNKNOWN_MATTER_FIELD_MESSAGE },
    ]);
  }
}

export class MatterNotOpenError extends DomainError {
  constructor(matterId: string, status: string, recorded: RecordedOnMatter) {
    super(
      'unprocessable',
      MatterErrorCode.MatterNotOpen,
      `Matter ${matterId} is ${status}; ${recorded} can only be recorded on an open matter.`,
      [{ field: 'matterId', message: notOpenFieldMessage(status) }],
    );
  }
}

export function notOpenFieldMessage(status: string): string {
  return `the matter is ${status}, not open`;
}
