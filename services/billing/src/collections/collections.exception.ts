import { DomainError } from '@lawfirm/errors';
import type { CollectionStatus } from './collections.rules';

export enum CollectionsErrorCode {
  TransitionNotAllowed = 'collection_transition_not_allowed',
  Unchanged = 'collection_status_unchanged',
  Settled = 'invoice_settled',
  PromiseExceedsOpen = 'promise_exceeds_open',
}

/** A status the invoice's current one cannot move to (a written-off invoice moves nowhere). */
export class CollectionTransitionNotAllowedError extends DomainError {
  constructor(from: CollectionStatus, to: CollectionStatus, allowed: readonly CollectionStatus[]) {
    super(
      'conflict',
      CollectionsErrorCode.TransitionNotAllowed,
      `An invoice that is ${from} cannot become ${to}.`,
      [],
      { from, to, allowed },
    );
  }
}

/** The invoice already has this status with these details: nothing to do. */
export class CollectionStatusUnchangedError extends DomainError {
  constructor(status: CollectionStatus) {
    super('conflict', CollectionsErrorCode.Unchanged, `The invoice is already ${status}.`, [], {
      currentStatus: status,
    });
  }
}

/** Nothing is open on the invoice (paid, credited): there is nothing to chase or write off. */
export class InvoiceSettledError extends DomainError {
  constructor() {
    super('conflict', CollectionsErrorCode.Settled, 'Nothing is open on this invoice.');
  }
}

export class PromiseExceedsOpenError extends DomainError {
  constructor(openMinor: number) {
    super(
      'unprocessable',
      CollectionsErrorCode.PromiseExceedsOpen,
      `At most ${openMinor} is open on this invoice.`,
      [
        {
          field: 'promisedAmountMinor',
          message: `promisedAmountMinor must not exceed the open amount, ${openMinor}`,
        },
      ],
      { openMinor },
    );
  }
}
