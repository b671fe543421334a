import { DomainError } from '@lawfirm/errors';

export enum ClientErrorCode {
  UnknownClient = 'client_not_found',
}

/** A client named in a request body that the firm does not have (422: the path itself was fine). */
export class UnknownClientError extends DomainError {
  constructor(clientId: string, field = 'clientId') {
    super('unprocessable', ClientErrorCode.UnknownClient, `Client ${clientId} does not exist in this firm.`, [
      { field, message: `${field} must be the id of an existing client of this firm` },
    ]);
  }
}
