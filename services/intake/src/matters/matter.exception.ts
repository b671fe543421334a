import { DomainError } from '@lawfirm/errors';

export enum MatterErrorCode {
  InvalidParty = 'invalid_party',
  InvalidTransition = 'invalid_matter_transition',
}

export class InvalidPartyError extends DomainError {
  constructor(field: string) {
    super(
      'validation',
      MatterErrorCode.InvalidParty,
      'Each party needs exactly one of: name (with kind), clientId, entityId.',
      [{ field, message: 'give exactly one of name (with kind), clientId or entityId' }],
    );
  }
}

export class MatterTransitionError extends DomainError {
  constructor(action: string, status: string) {
    super('conflict', MatterErrorCode.InvalidTransition, `Cannot ${action} a matter that is ${status}.`, [], {
      currentStatus: status,
    });
  }
}
