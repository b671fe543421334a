import { DomainError } from '@lawfirm/errors';

export enum TrustErrorCode {
  InsufficientFunds = 'trust_insufficient_funds',
  TransferExceedsOpen = 'transfer_exceeds_open_amount',
  NotReversible = 'trust_entry_not_reversible',
  AlreadyReversed = 'trust_entry_already_reversed',
}

/**
 * Money out beyond what the ledger may pay: its balance less deposits not yet cleared. Nothing is
 * written; the refusal itself is audited.
 */
export class TrustInsufficientFundsError extends DomainError {
  constructor(
    readonly ledgerId: string | null,
    readonly availableMinor: number,
    balanceMinor: number,
    unclearedMinor: number,
  ) {
    super(
      'unprocessable',
      TrustErrorCode.InsufficientFunds,
      `The trust ledger has ${availableMinor} available (balance ${balanceMinor}, of which ${unclearedMinor} not cleared yet); it cannot go below that.`,
      [{ field: 'amountMinor', message: `amountMinor must not exceed the available ${availableMinor}` }],
      { availableMinor, balanceMinor, unclearedMinor },
    );
  }
}

/** A transfer to pay an invoice is refused beyond what is open on the invoice. */
export class TransferExceedsOpenError extends DomainError {
  constructor(openMinor: number) {
    super(
      'unprocessable',
      TrustErrorCode.TransferExceedsOpen,
      `The invoice has ${openMinor} open; a transfer cannot pay more than that.`,
      [{ field: 'amountMinor', message: `amountMinor must not exceed the invoice's open ${openMinor}` }],
      { openMinor },
    );
  }
}

export class TrustEntryNotReversibleError extends DomainError {
  constructor(kind: string) {
    super('conflict', TrustErrorCode.NotReversible, `A ${kind} entry cannot be reversed.`);
  }
}

export class TrustEntryAlreadyReversedError extends DomainError {
  constructor(reversalId: string) {
    super('conflict', TrustErrorCode.AlreadyReversed, 'This trust entry has already been reversed.', [], {
      reversalId,
    });
  }
}
