import { DomainError } from '@lawfirm/errors';

export enum WorkOrderErrorCode {
  TransitionNotAllowed = 'work_order_transition_not_allowed',
  ActionNotYours = 'work_order_action_not_yours',
  ConsentMissing = 'outsourcing_consent_missing',
  ConsentRevoked = 'consent_revoked',
  MatterClosed = 'matter_closed',
}

export class WorkOrderTransitionNotAllowedError extends DomainError {
  constructor(status: string, action: string) {
    super(
      'conflict',
      WorkOrderErrorCode.TransitionNotAllowed,
      `A work order that is ${status} does not allow ${action}.`,
    );
  }
}

export class WorkOrderActionNotYoursError extends DomainError {
  constructor(action: string, side: 'vendor' | 'firm') {
    super(
      'forbidden',
      WorkOrderErrorCode.ActionNotYours,
      side === 'vendor'
        ? `The vendor cannot ${action} a work order; the firm does.`
        : `The firm cannot ${action} a work order; the vendor does.`,
    );
  }
}

export class OutsourcingConsentMissingError extends DomainError {
  constructor(workType: string) {
    super(
      'unprocessable',
      WorkOrderErrorCode.ConsentMissing,
      `The client has no outsourcing consent in force covering ${workType} work by this vendor.`,
    );
  }
}

export class ConsentRevokedError extends DomainError {
  constructor() {
    super(
      'conflict',
      WorkOrderErrorCode.ConsentRevoked,
      "The client's outsourcing consent for this work is no longer in force: the order is suspended.",
    );
  }
}

export class WorkOrderMatterClosedError extends DomainError {
  constructor(matterId: string) {
    super('conflict', WorkOrderErrorCode.MatterClosed, `Matter ${matterId} is closed.`);
  }
}
