import { DomainError, type FieldError } from '@lawfirm/errors';

export enum InvoiceErrorCode {
  AlreadyIssued = 'invoice_already_issued',
  NotIssued = 'invoice_not_issued',
  RateNotFound = 'rate_not_found',
  OutsourcingRule = 'outsourced_cost_rule',
  Empty = 'invoice_empty',
  Stale = 'pre_bill_stale',
  NoTerms = 'billing_terms_missing',
  CreditExceedsBalance = 'credit_exceeds_balance',
  FullyCredited = 'invoice_fully_credited',
  PreBillExists = 'pre_bill_exists',
  NothingToBill = 'nothing_to_bill',
}

/** The invoice is issued: it and its lines never change again (corrections are credit notes). */
export class InvoiceAlreadyIssuedError extends DomainError {
  constructor(number: string | null) {
    super(
      'conflict',
      InvoiceErrorCode.AlreadyIssued,
      `Invoice ${number ?? ''} is issued and cannot change; credit it instead.`,
      [],
      {
        invoiceNumber: number,
      },
    );
  }
}

export class InvoiceNotIssuedError extends DomainError {
  constructor() {
    super(
      'conflict',
      InvoiceErrorCode.NotIssued,
      'Only an issued invoice can be credited or voided; discard a pre-bill instead.',
    );
  }
}

/** Work no rate rule reaches: each entry named, so a clerk knows which rule to add. */
export class RateNotFoundError extends DomainError {
  constructor(problems: FieldError[]) {
    super(
      'unprocessable',
      InvoiceErrorCode.RateNotFound,
      'No rate rule prices some of the time on this bill.',
      problems,
    );
  }
}

/** ABA Formal Opinions 93-379 and 08-451: each line that would break the outsourced-cost rule. */
export class OutsourcingRuleError extends DomainError {
  constructor(problems: FieldError[]) {
    super(
      'unprocessable',
      InvoiceErrorCode.OutsourcingRule,
      'Outsourced work is billed at cost, or as a fee only with a markup disclosed on the matter.',
      problems,
      { lineIds: problems.map((problem) => problem.field.replace(/^lines\[|\]$/g, '')) },
    );
  }
}

export class InvoiceEmptyError extends DomainError {
  constructor() {
    super(
      'unprocessable',
      InvoiceErrorCode.Empty,
      'A pre-bill with no lines cannot be issued; discard it instead.',
    );
  }
}

/** Work on the pre-bill was reversed after it was made. */
export class PreBillStaleError extends DomainError {
  constructor(problems: FieldError[]) {
    super(
      'conflict',
      InvoiceErrorCode.Stale,
      'Some work on this pre-bill was reversed since; remove those lines.',
      problems,
    );
  }
}

export class BillingTermsMissingError extends DomainError {
  constructor(what: string, field: string) {
    super('unprocessable', InvoiceErrorCode.NoTerms, `The matter's billing terms have no ${what}.`, [
      { field, message: `the matter's billing terms have no ${what}` },
    ]);
  }
}

export class CreditExceedsBalanceError extends DomainError {
  constructor(balanceMinor: number) {
    super(
      'unprocessable',
      InvoiceErrorCode.CreditExceedsBalance,
      `At most ${balanceMinor} can still be credited.`,
      [
        {
          field: 'amountMinor',
          message: `amountMinor must not exceed the invoice's open balance, ${balanceMinor}`,
        },
      ],
      { balanceMinor },
    );
  }
}

export class InvoiceFullyCreditedError extends DomainError {
  constructor() {
    super('conflict', InvoiceErrorCode.FullyCredited, 'The invoice is already fully credited (void).');
  }
}

export class NothingToBillError extends DomainError {
  constructor(field: string, message: string) {
    super('unprocessable', InvoiceErrorCode.NothingToBill, message, [{ field, message }]);
  }
}

/** One open pre-bill per matter (a bill across a client's matters counts for each): edit or discard it first. */
export class PreBillExistsError extends DomainError {
  constructor(preBillId: string) {
    super(
      'conflict',
      InvoiceErrorCode.PreBillExists,
      `Pre-bill ${preBillId} is still open for this work; edit, issue or discard it first.`,
      [],
      { preBillId },
    );
  }
}
