/**
 * Late charges (issue 11): simple interest and/or a flat fee on an overdue invoice, only where the
 * engagement's terms allow it. Pure arithmetic; the run in late-charges.service.ts feeds it.
 *
 * Day count: actual/365. Interest accrues for each day after the due date plus the grace days, up to and
 * including `asOf`, on that day's chargeable principal: what is open on the invoice (its total less credit
 * notes, less money received dated on or before that day, reversals adding back) less the unpaid part of
 * payment-plan instalments not yet due that day. The day's interest is principal × rateBp / 10,000 / 365;
 * the sum over the days is rounded once, half-up to the minor unit. Never compounded: earlier charges are
 * never added to the principal.
 */

export interface LateChargeTerms {
  /** Simple interest per annum in basis points (1,200 = 12 % a year); null = no interest. */
  annualRateBp: number | null;
  /** A flat fee charged once per period (calendar month) while the invoice is overdue; null = none. */
  flatFeeMinor: number | null;
  /** Days after the due date that accrue nothing. */
  graceDays: number;
  /** Every late charge on the invoice together is at most this share of its principal; null = no cap. */
  capBp: number | null;
}

/** Money received on the invoice on a day: positive for a payment, negative for its reversal. */
export interface DatedMoney {
  on: string;
  amountMinor: number;
}

export interface PlanInstalment {
  dueOn: string;
  amountMinor: number;
}

export interface LateChargeInvoice {
  /** The invoice's total less its credit notes. */
  principalMinor: number;
  dueDate: string;
  received: readonly DatedMoney[];
  /** The payment plan agreed on the invoice, if any: money received after `agreedOn` beyond `paidBeforeMinor` pays its instalments in date order. */
  plan: { agreedOn: string; paidBeforeMinor: number; instalments: readonly PlanInstalment[] } | null;
}

export interface ChargedBefore {
  interestMinor: number;
  totalMinor: number;
}

export interface LateChargeFigures {
  /** The period the charge belongs to: the calendar month of `asOf` (YYYY-MM). */
  period: string;
  /** Interest accrued from the start to `asOf` (rounded once). */
  accruedInterestMinor: number;
  interestMinor: number;
  flatFeeMinor: number;
  amountMinor: number;
  /** Chargeable principal on `asOf`. */
  chargeablePrincipalMinor: number;
  /** Days that accrued interest (after due date + grace, up to `asOf`). */
  chargeableDays: number;
  capMinor: number | null;
  capped: boolean;
}

const DAY_MS = 86_400_000;

export function epochDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Half-up division of non-negative big integers. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** What the plan still defers on `day`: the unpaid part of instalments due on or after it. */
function deferredOn(invoice: LateChargeInvoice, day: number, receivedBy: number): number {
  const plan = invoice.plan;
  if (!plan || day < epochDay(plan.agreedOn)) return 0;
  let paidSincePlan = Math.max(0, receivedBy - plan.paidBeforeMinor);
  let deferred = 0;
  for (const instalment of plan.instalments) {
    const paid = Math.min(instalment.amountMinor, paidSincePlan);
    paidSincePlan -= paid;
    // An instalment is overdue only after its day (as payment-plan.rules.ts has it).
    if (epochDay(instalment.dueOn) >= day) deferred += instalment.amountMinor - paid;
  }
  return deferred;
}

/** The chargeable principal on each day from `fromDay` to `toDay` (inclusive). */
function chargeablePrincipals(invoice: LateChargeInvoice, fromDay: number, toDay: number): number[] {
  const received = [...invoice.received]
    .map((money) => ({ day: epochDay(money.on), amountMinor: money.amountMinor }))
    .sort((a, b) => a.day - b.day);
  let receivedBy = 0;
  let next = 0;
  const principals: number[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    while (next < received.length && received[next]!.day <= day) receivedBy += received[next++]!.amountMinor;
    const open = invoice.principalMinor - receivedBy;
    principals.push(Math.max(0, open - deferredOn(invoice, day, receivedBy)));
  }
  return principals;
}

/** The late charge for the period of `asOf`, given what earlier periods already charged on the invoice. */
export function lateCharge(
  terms: LateChargeTerms,
  invoice: LateChargeInvoice,
  asOf: string,
  before: ChargedBefore,
): LateChargeFigures {
  const period = asOf.slice(0, 7);
  const firstDay = epochDay(invoice.dueDate) + terms.graceDays + 1;
  const lastDay = epochDay(asOf);
  const principals = lastDay >= firstDay ? chargeablePrincipals(invoice, firstDay, lastDay) : [];
  const chargeablePrincipalMinor = principals.length ? principals[principals.length - 1]! : 0;
  const principalDays = principals.reduce((sum, principal) => sum + BigInt(principal), 0n);
  const accruedInterestMinor =
    terms.annualRateBp === null
      ? 0
      : Number(divideHalfUp(principalDays * BigInt(terms.annualRateBp), 10_000n * 365n));
  let interestMinor = Math.max(0, accruedInterestMinor - before.interestMinor);
  let flatFeeMinor = terms.flatFeeMinor !== null && chargeablePrincipalMinor > 0 ? terms.flatFeeMinor : 0;
  const capMinor =
    terms.capBp === null
      ? null
      : Number((BigInt(Math.max(0, invoice.principalMinor)) * BigInt(terms.capBp)) / 10_000n);
  let capped = false;
  if (capMinor !== null) {
    const room = Math.max(0, capMinor - before.totalMinor);
    if (interestMinor + flatFeeMinor > room) {
      capped = true;
      interestMinor = Math.min(interestMinor, room);
      flatFeeMinor = Math.min(flatFeeMinor, room - interestMinor);
    }
  }
  return {
    period,
    accruedInterestMinor,
    interestMinor,
    flatFeeMinor,
    amountMinor: interestMinor + flatFeeMinor,
    chargeablePrincipalMinor,
    chargeableDays: principals.filter((principal) => principal > 0).length,
    capMinor,
    capped,
  };
}
