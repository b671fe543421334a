import type { TrustEntryKind } from './trust-entry.entity';

/** Kinds that put money into a ledger; every other original entry takes money out. */
const INFLOWS: ReadonlySet<TrustEntryKind> = new Set(['deposit', 'interest']);

/** The signed amount an original entry writes on its ledger (positive in, negative out). */
export function signedAmount(kind: Exclude<TrustEntryKind, 'reversal'>, amountMinor: number): number {
  return INFLOWS.has(kind) ? amountMinor : -amountMinor;
}

/** The day a deposit's funds clear: the day received plus the account's hold days (UTC calendar days). */
export function clearedOn(receivedOn: string, holdDays: number): string {
  const day = new Date(`${receivedOn}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + holdDays);
  return day.toISOString().slice(0, 10);
}

/** Today's date in UTC, the calendar the hold days count in. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export interface LedgerState {
  balanceMinor: number;
  /** Deposits not cleared yet (and not reversed): on the balance, but not disbursable. */
  unclearedMinor: number;
}

/** What may be disbursed now: the balance less uncleared deposits, never below zero. */
export function availableMinor(state: LedgerState): number {
  return Math.max(0, state.balanceMinor - state.unclearedMinor);
}

/**
 * Whether an entry may be written: money in always may; money out only when the ledger keeps at least
 * its uncleared deposits afterwards (so it never goes below zero and uncleared funds are never paid out).
 * `unclearedAfter` is the uncleared amount once the entry is written (a reversed uncleared deposit leaves it).
 */
export function entryAllowed(state: LedgerState, signedMinor: number, unclearedAfter: number): boolean {
  if (signedMinor > 0) return true;
  return state.balanceMinor + signedMinor - unclearedAfter >= 0;
}

export interface MinimumTransition {
  belowMinimum: boolean;
  /** True only when this change takes the ledger from at-or-above its minimum to below it. */
  crossedBelow: boolean;
}

/** The low-balance flag after a change, and whether the change crossed the minimum downwards. */
export function minimumTransition(
  wasBelow: boolean,
  balanceMinor: number,
  minimumMinor: number | null,
): MinimumTransition {
  const below = minimumMinor !== null && balanceMinor < minimumMinor;
  return { belowMinimum: below, crossedBelow: below && !wasBelow };
}
