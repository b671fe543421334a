import { DomainError } from '@lawfirm/errors';

export enum MatterErrorCode {
  UnknownClient = 'client_not_found',
  UnknownParty = 'party_not_found',
  InvalidParty = 'invalid_party',
  InvalidTransition = 'invalid_matter_transition',
}

export class UnknownClientError extends DomainError {
  constructor(clientId: string, field = 'clientId') {
    super('unprocessable', MatterErrorCode.UnknownClient, `Client ${clientId} does not exist in this firm.`, [
      { field, message: `${field} must be the id of an existing client of this firm` },
    ]);
  }
}

export class UnknownPartyError extends DomainError {
  constructor(entityId: string, field: string) {
    super('unprocessable', MatterErrorCode.UnknownParty, `Person or company ${entityId} is not recorded in this firm.`, [
      { field, message: `${field} must be the id of a person or company recorded by this firm` },
    ]);
  }
}

export class InvalidPartyError extends DomainError {
  constructor(field: string) {
    super('validation', MatterErrorCode.InvalidParty, 'Each party needs exactly one of: name (with kind), clientId, entityId.', [
      { field, message: 'give exactly one of name (with kind), clientId or entityId' },
    ]);
  }
}

export class MatterTransitionError extends DomainError {
  constructor(action: string, status: string) {
    super('conflict', MatterErrorCode.InvalidTransition, `Cannot ${action} a matter that is ${status}.`, [], { currentStatus: status });
  }
}
