import { DomainError } from '@lawfirm/errors';

export enum ReconciliationErrorCode {
  StatementAlreadyImported = 'statement_already_imported',
  LineAlreadyMatched = 'statement_line_already_matched',
  EntryAlreadyMatched = 'trust_entry_already_matched',
  MatchAmountsDisagree = 'match_amounts_disagree',
  AlreadySignedOff = 'reconciliation_already_signed_off',
  DifferencesUnexplained = 'reconciliation_differences_unexplained',
  SignOffNeedsUser = 'sign_off_needs_user',
}

/** The same statement file (same content, period and closing balance) is already stored for the account. */
export class StatementAlreadyImportedError extends DomainError {
  constructor(statementId: string) {
    super(
      'conflict',
      ReconciliationErrorCode.StatementAlreadyImported,
      'This statement has already been imported into the account.',
      [],
      { statementId },
    );
  }
}

export class LineAlreadyMatchedError extends DomainError {
  constructor(lineId: string) {
    super(
      'conflict',
      ReconciliationErrorCode.LineAlreadyMatched,
      'The statement line is already matched; unmatch it first.',
      [],
      { lineId },
    );
  }
}

export class EntryAlreadyMatchedError extends DomainError {
  constructor(entryIds: string[]) {
    super(
      'conflict',
      ReconciliationErrorCode.EntryAlreadyMatched,
      'An entry already clears another statement line.',
      [{ field: 'entryIds', message: `already matched: ${entryIds.join(', ')}` }],
      { entryIds },
    );
  }
}

export class MatchAmountsDisagreeError extends DomainError {
  constructor(lineAmountMinor: number, entriesMinor: number) {
    super(
      'unprocessable',
      ReconciliationErrorCode.MatchAmountsDisagree,
      `The entries add up to ${entriesMinor}; the statement line is ${lineAmountMinor}.`,
      [{ field: 'entryIds', message: `the entries must add up to the line's ${lineAmountMinor}` }],
      { lineAmountMinor, entriesMinor },
    );
  }
}

/** The account's period (or this statement) already has its signed reconciliation; it cannot change. */
export class AlreadySignedOffError extends DomainError {
  constructor(reconciliationId: string) {
    super(
      'conflict',
      ReconciliationErrorCode.AlreadySignedOff,
      'A reconciliation of this account and period is already signed off; it is immutable.',
      [],
      { reconciliationId },
    );
  }
}

/** Sign-off of an unbalanced reconciliation needs an explanation of every difference. */
export class DifferencesUnexplainedError extends DomainError {
  constructor(keys: string[]) {
    super(
      'unprocessable',
      ReconciliationErrorCode.DifferencesUnexplained,
      'The reconciliation is not balanced; every difference needs an explanation before sign-off.',
      [{ field: 'explanations', message: `explain: ${keys.join(', ')}` }],
      { unexplained: keys },
    );
  }
}

/** A reconciliation is signed by a named person, never by an integration or service token. */
export class SignOffNeedsUserError extends DomainError {
  constructor() {
    super(
      'forbidden',
      ReconciliationErrorCode.SignOffNeedsUser,
      'Only a signed-in user can sign off a reconciliation.',
    );
  }
}
