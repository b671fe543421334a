import { DomainError } from '@lawfirm/errors';

export enum LeadErrorCode {
  UseConvert = 'use_convert',
  LeadClosed = 'lead_closed',
  AlreadyConverted = 'lead_already_converted',
  StageInUse = 'lead_stage_in_use',
}

/** The hired stage means "a client and a matter exist": only conversion creates them, so only it moves a lead there. */
export class UseConvertError extends DomainError {
  constructor(stage: string) {
    super(
      'conflict',
      LeadErrorCode.UseConvert,
      `A lead reaches the hired stage "${stage}" only by conversion: POST /v1/leads/{id}/convert.`,
      [],
      { stage },
    );
  }
}

/** Converted and not-hired leads are outcomes on record; their stage no longer moves. */
export class LeadClosedError extends DomainError {
  constructor(leadId: string, stage: string) {
    super(
      'conflict',
      LeadErrorCode.LeadClosed,
      `Lead ${leadId} is closed at stage "${stage}"; its stage cannot change.`,
      [],
      {
        stage,
      },
    );
  }
}

export class LeadAlreadyConvertedError extends DomainError {
  constructor(leadId: string, clientId: string, matterId: string | null) {
    super('conflict', LeadErrorCode.AlreadyConverted, `Lead ${leadId} was already converted.`, [], {
      clientId,
      matterId,
    });
  }
}

export class StageInUseError extends DomainError {
  constructor(stage: string, leadCount: number, change: 'removed' | 'outcome-changed') {
    super(
      'conflict',
      LeadErrorCode.StageInUse,
      change === 'removed'
        ? `Stage "${stage}" cannot be removed: ${leadCount} lead(s) are in it.`
        : `The outcome of stage "${stage}" cannot change: ${leadCount} lead(s) are in it.`,
      [],
      { stage, leadCount },
    );
  }
}
