import { DomainError } from '@lawfirm/errors';

export enum MatterErrorCode {
  UnknownClient = 'client_not_found',
}

export class UnknownClientError extends DomainError {
  constructor(clientId: string) {
    super('unprocessable', MatterErrorCode.UnknownClient, `Client ${clientId} does not exist in this firm.`, [
      { field: 'clientId', message: 'clientId must be the id of an existing client of this firm' },
    ]);
  }
}
