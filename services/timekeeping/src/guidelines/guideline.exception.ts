import { DomainError } from '@lawfirm/errors';

export enum GuidelineErrorCode {
  NoGuideline = 'billing_guideline_not_found',
}

/** The client is known (it has matters) but no guideline was ever recorded for it. */
export class NoGuidelineError extends DomainError {
  constructor(clientId: string) {
    super(
      'not-found',
      GuidelineErrorCode.NoGuideline,
      `Client ${clientId} has no billing guideline; its time bills in tenths of an hour with no guideline checks.`,
    );
  }
}
