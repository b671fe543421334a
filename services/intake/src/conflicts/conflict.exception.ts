import { DomainError } from '@lawfirm/errors';

export enum ConflictErrorCode {
  AlreadySignedOff = 'conflict_check_already_signed_off',
  NothingToSignOff = 'conflict_check_has_no_hits',
  WaiverReferenceRequired = 'waiver_reference_required',
  ReasonRequired = 'reason_required',
}

export class AlreadySignedOffError extends DomainError {
  /** `decision` is unknown only when a concurrent insert was caught by the unique key. */
  constructor(checkId: string, decision?: string) {
    super(
      'conflict',
      ConflictErrorCode.AlreadySignedOff,
      decision
        ? `Conflict check ${checkId} was already signed off (${decision}).`
        : `Conflict check ${checkId} was already signed off.`,
      [],
      decision ? { decision } : {},
    );
  }
}

export class NothingToSignOffError extends DomainError {
  constructor(checkId: string) {
    super(
      'conflict',
      ConflictErrorCode.NothingToSignOff,
      `Conflict check ${checkId} found no hits and was cleared automatically.`,
    );
  }
}
