import { DomainError } from '@lawfirm/errors';

export enum ConsentErrorCode {
  AlreadyRevoked = 'consent_already_revoked',
}

/** A revocation is a one-time fact with its own time, actor and reason: it is never overwritten. */
export class ConsentAlreadyRevokedError extends DomainError {
  constructor(consentId: string, revokedAt: Date) {
    super(
      'conflict',
      ConsentErrorCode.AlreadyRevoked,
      `Consent ${consentId} was already revoked at ${revokedAt.toISOString()}.`,
    );
  }
}
