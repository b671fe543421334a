/** Where chasing an invoice stands. `none` until a clerk sets a status; `written-off` is final. */
export const COLLECTION_STATUSES = ['none', 'promised', 'disputed', 'in-collections', 'written-off'] as const;
export type CollectionStatus = (typeof COLLECTION_STATUSES)[number];

/** The statuses a clerk may move an invoice to from each status. */
const TRANSITIONS: Record<CollectionStatus, readonly CollectionStatus[]> = {
  // A promise can be renewed (a new date or amount), broken (disputed, sent to collections) or cleared.
  none: ['promised', 'disputed', 'in-collections', 'written-off'],
  promised: ['none', 'promised', 'disputed', 'in-collections', 'written-off'],
  // A dispute is resolved (none or a promise), or the debt is pursued or given up.
  disputed: ['none', 'promised', 'in-collections', 'written-off'],
  // An agency may bring back a promise or a dispute, or recall the account.
  'in-collections': ['none', 'promised', 'disputed', 'written-off'],
  // The open balance is gone from receivables; what was written off is not owed again by a status change.
  'written-off': [],
};

export interface CollectionChange {
  status: CollectionStatus;
  promisedOn?: string | null;
  promisedMinor?: number | null;
  disputeReason?: string | null;
}

export type TransitionProblem =
  | {
      problem: 'not-allowed';
      from: CollectionStatus;
      to: CollectionStatus;
      allowed: readonly CollectionStatus[];
    }
  | { problem: 'unchanged' }
  | { problem: 'settled' }
  | { problem: 'promise-exceeds-open'; openMinor: number };

/**
 * Whether an invoice in `current` (with `openMinor` still owed) may move to `next`. Every status but
 * `none` chases money, so an invoice with nothing open (paid, credited) takes none of them; the same
 * status with the same details again is no change (so twenty identical requests make one); a promise is
 * never for more than is open.
 */
export function checkTransition(
  current: CollectionChange,
  next: CollectionChange,
  openMinor: number,
): TransitionProblem | null {
  if (!TRANSITIONS[current.status].includes(next.status)) {
    if (current.status === next.status && next.status !== 'written-off') return { problem: 'unchanged' };
    return {
      problem: 'not-allowed',
      from: current.status,
      to: next.status,
      allowed: TRANSITIONS[current.status],
    };
  }
  if (
    current.status === next.status &&
    (current.promisedOn ?? null) === (next.promisedOn ?? null) &&
    (current.promisedMinor ?? null) === (next.promisedMinor ?? null)
  )
    return { problem: 'unchanged' };
  if (next.status !== 'none' && openMinor <= 0) return { problem: 'settled' };
  if (next.status === 'promised' && (next.promisedMinor ?? 0) > openMinor)
    return { problem: 'promise-exceeds-open', openMinor };
  return null;
}

/** Whether reminders and late charges leave the invoice alone in this status. */
export function chasedByReminders(status: CollectionStatus): boolean {
  return status !== 'disputed' && status !== 'written-off';
}
