import { DomainError } from '@lawfirm/errors';

export enum PartyErrorCode {
  UnknownParty = 'party_not_found',
}

export class UnknownPartyError extends DomainError {
  constructor(entityId: string, field: string) {
    super(
      'unprocessable',
      PartyErrorCode.UnknownParty,
      `Person or company ${entityId} is not recorded in this firm.`,
      [{ field, message: `${field} must be the id of a person or company recorded by this firm` }],
    );
  }
}
