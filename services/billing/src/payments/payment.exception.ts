import { DomainError } from '@lawfirm/errors';

export enum PaymentErrorCode {
  AlreadyReversed = 'payment_already_reversed',
  NotReversible = 'payment_not_reversible',
  CreditRefunded = 'payment_credit_refunded',
  RefundExceedsCredit = 'refund_exceeds_credit',
  NothingToApply = 'nothing_to_apply',
  /** The same code the invoices feature used before payments counted: a credit note beyond what is open. */
  CreditExceedsOpen = 'credit_exceeds_balance',
}

export class PaymentAlreadyReversedError extends DomainError {
  constructor(reversalId: string) {
    super('conflict', PaymentErrorCode.AlreadyReversed, 'This payment has already been reversed.', [], {
      reversalId,
    });
  }
}

/** Only money received can bounce; a refund or a credit application is not reversed. */
export class PaymentNotReversibleError extends DomainError {
  constructor(kind: string) {
    super(
      'conflict',
      PaymentErrorCode.NotReversible,
      `A ${kind} entry cannot be reversed; only a payment can.`,
    );
  }
}

/** Part of the payment's credit was already paid back to the client: reversing it would lose track of that. */
export class PaymentCreditRefundedError extends DomainError {
  constructor(refundedMinor: number) {
    super(
      'conflict',
      PaymentErrorCode.CreditRefunded,
      `${refundedMinor} of this payment was refunded to the client; it cannot be reversed.`,
      [],
      { refundedMinor },
    );
  }
}

export class RefundExceedsCreditError extends DomainError {
  constructor(availableMinor: number) {
    super(
      'unprocessable',
      PaymentErrorCode.RefundExceedsCredit,
      `The client has ${availableMinor} of credit in this currency; a refund cannot exceed it.`,
      [
        {
          field: 'amountMinor',
          message: `amountMinor must not exceed the client's credit of ${availableMinor}`,
        },
      ],
      { availableMinor },
    );
  }
}

/** Credit application with no credit, or no money owed on the invoices. */
export class NothingToApplyError extends DomainError {
  constructor(availableMinor: number) {
    super(
      'unprocessable',
      PaymentErrorCode.NothingToApply,
      availableMinor > 0
        ? 'No invoice of this client in this currency has money owed.'
        : 'The client has no credit in this currency.',
      [],
      { availableMinor },
    );
  }
}

/**
 * A credit note larger than the invoice's open amount (total − credit notes − payments). Crediting money
 * already paid must be asked for explicitly (`excessToClientCredit`), and then turns it into client credit.
 */
export class CreditExceedsOpenError extends DomainError {
  constructor(openMinor: number, creditableMinor: number) {
    super(
      'unprocessable',
      PaymentErrorCode.CreditExceedsOpen,
      `At most ${openMinor} is open on this invoice; crediting paid money (up to ${creditableMinor}) needs excessToClientCredit: true.`,
      [
        {
          field: 'amountMinor',
          message: `amountMinor must be between 1 and the invoice's open amount, ${openMinor}, unless excessToClientCredit is true (then up to ${creditableMinor})`,
        },
      ],
      { openMinor, creditableMinor },
    );
  }
}
