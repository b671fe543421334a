/**
 * Invoice arithmetic, pure and in integer minor units. Rounding is per line, half-up (away from zero)
 * to the minor unit: a time line is round(billedTenths × hourly rate ÷ 10); a percentage (discount,
 * contingency, markup) is round(base × basis points ÷ 10,000). Totals are sums of rounded lines.
 */
import type { AdjustmentKind, LineKind } from './invoice-line.entity';
import type { DiscountKind } from './invoice.entity';

/** round(numerator ÷ denominator), half away from zero; denominator > 0, both safe integers. */
export function divideHalfUp(numerator: number, denominator: number): number {
  const magnitude = Math.floor((2 * Math.abs(numerator) + denominator) / (2 * denominator));
  return numerator < 0 ? -magnitude : magnitude;
}

export function timeAmount(billedTenths: number, rateMinor: number): number {
  return divideHalfUp(billedTenths * rateMinor, 10);
}

export function percentOf(baseMinor: number, basisPoints: number): number {
  return divideHalfUp(baseMinor * basisPoints, 10000);
}

/** "33.33" percent → 3333 basis points. */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

export interface LineAdjustment {
  kind: AdjustmentKind;
  /** Basis points for `percent-discount`, minor units for the others (ignored by `write-off`). */
  value: number;
}

/** A line's amount after its adjustment; a discount never takes a line below zero. */
export function adjustedAmount(standardMinor: number, adjustment: LineAdjustment | null): number {
  if (!adjustment) return standardMinor;
  switch (adjustment.kind) {
    case 'percent-discount':
      return standardMinor - percentOf(standardMinor, adjustment.value);
    case 'amount-discount':
      return Math.max(0, standardMinor - adjustment.value);
    case 'set-amount':
      return adjustment.value;
    case 'write-off':
      return 0;
  }
}

export interface ContingencyTerms {
  percentBp: number;
  expensesDeducted: 'before-fee' | 'after-fee';
}

export interface ContingencyFee {
  baseMinor: number;
  feeMinor: number;
  clientNetMinor: number;
}

/**
 * ABA Model Rule 1.5(c): with expenses deducted before the fee, the percentage applies to the recovery
 * less the expenses; after the fee, to the whole recovery. The client receives the recovery less both.
 */
export function contingencyFee(
  recoveryMinor: number,
  expensesMinor: number,
  terms: ContingencyTerms,
): ContingencyFee {
  const baseMinor =
    terms.expensesDeducted === 'before-fee' ? Math.max(0, recoveryMinor - expensesMinor) : recoveryMinor;
  const feeMinor = percentOf(baseMinor, terms.percentBp);
  return { baseMinor, feeMinor, clientNetMinor: recoveryMinor - feeMinor - expensesMinor };
}

export interface PricedLine {
  kind: LineKind;
  amountMinor: number;
}

export interface InvoiceTotals {
  feesMinor: number;
  disbursementsMinor: number;
  discountMinor: number;
  totalMinor: number;
}

/** An invoice-level discount applies to fees only: disbursements pass through at cost. */
export function invoiceTotals(
  lines: readonly PricedLine[],
  discount: { kind: DiscountKind; value: number } | null,
): InvoiceTotals {
  const feesMinor = lines
    .filter((line) => line.kind !== 'expense')
    .reduce((sum, line) => sum + line.amountMinor, 0);
  const disbursementsMinor = lines
    .filter((line) => line.kind === 'expense')
    .reduce((sum, line) => sum + line.amountMinor, 0);
  const discountMinor = !discount
    ? 0
    : Math.min(
        Math.max(0, feesMinor),
        discount.kind === 'percent' ? percentOf(feesMinor, discount.value) : discount.value,
      );
  return {
    feesMinor,
    disbursementsMinor,
    discountMinor,
    totalMinor: feesMinor + disbursementsMinor - discountMinor,
  };
}

export interface OutsourcingFacts {
  lineId: string;
  kind: LineKind;
  outsourced: boolean;
  amountMinor: number;
  costMinor: number | null;
}

export interface OutsourcingProblem {
  lineId: string;
  message: string;
}

/**
 * ABA Formal Opinions 93-379 and 08-451: a vendor's cost passes through at actual cost; vendor time is
 * billed only as a fee with a markup disclosed on the matter. Returns every line that breaks the rule.
 */
export function outsourcingProblems(
  lines: readonly OutsourcingFacts[],
  disclosedMarkup: (lineId: string) => boolean,
): OutsourcingProblem[] {
  const problems: OutsourcingProblem[] = [];
  for (const line of lines) {
    if (!line.outsourced) continue;
    if (line.kind === 'expense' && line.costMinor !== null && line.amountMinor > line.costMinor)
      problems.push({
        lineId: line.lineId,
        message: `an outsourced disbursement passes through at cost (${line.costMinor}); ${line.amountMinor} would mark it up`,
      });
    if (line.kind === 'time' && line.amountMinor > 0 && !disclosedMarkup(line.lineId))
      problems.push({
        lineId: line.lineId,
        message: 'vendor time is billed only as a fee with a markup disclosed on the matter (billing terms)',
      });
  }
  return problems;
}
