/**
 * Tax arithmetic, pure and in integer minor units. A line's tax is round(line amount × rate bp ÷ 10,000),
 * half-up (away from zero) to the minor unit, per line; the invoice's tax is the sum of its lines' taxes
 * (and of its fee discount's, which is negative). Fees are time, flat-fee and contingency lines; expenses are
 * disbursements. Which tax applies: the matter's setting, else the client's, else none; the version of the
 * setting's tax code in effect on the issue date (latest `effectiveFrom` on or before it, `effectiveTo`
 * inclusive).
 */

export interface TaxRateFacts {
  id: string;
  code: string;
  taxType: string;
  rateBp: number;
  appliesToFees: boolean;
  appliesToExpenses: boolean;
  registrationNumber: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface TaxSettingFacts {
  taxCode: string | null;
  exempt: boolean;
}

export interface LineTax {
  taxRateId: string;
  taxType: string;
  rateBp: number;
  taxMinor: number;
}

/** round(amountMinor × rateBp ÷ 10,000), half away from zero, exact for any safe integer amount. */
export function taxOf(amountMinor: number, rateBp: number): number {
  const numerator = BigInt(amountMinor) * BigInt(rateBp);
  const magnitude = ((numerator < 0n ? -numerator : numerator) * 2n + 10_000n) / 20_000n;
  return Number(numerator < 0n ? -magnitude : magnitude);
}

/** The matter's setting wins over the client's; neither means no tax. */
export function effectiveSetting(
  matterSetting: TaxSettingFacts | undefined,
  clientSetting: TaxSettingFacts | undefined,
): TaxSettingFacts | undefined {
  return matterSetting ?? clientSetting;
}

/** The version of one tax code in effect on `day`, if any. */
export function rateInEffect<T extends TaxRateFacts>(versions: readonly T[], day: string): T | undefined {
  let best: T | undefined;
  for (const version of versions) {
    if (version.effectiveFrom > day) continue;
    if (version.effectiveTo !== null && version.effectiveTo < day) continue;
    if (!best || version.effectiveFrom > best.effectiveFrom) best = version;
  }
  return best;
}

export function isFeeKind(kind: string): boolean {
  return kind !== 'expense';
}

/** The tax of one line under `rate` (none when the rate does not reach the line's kind). */
export function lineTax(
  line: { kind: string; amountMinor: number },
  rate: TaxRateFacts | undefined,
): LineTax | null {
  if (!rate) return null;
  if (isFeeKind(line.kind) ? !rate.appliesToFees : !rate.appliesToExpenses) return null;
  return {
    taxRateId: rate.id,
    taxType: rate.taxType,
    rateBp: rate.rateBp,
    taxMinor: taxOf(line.amountMinor, rate.rateBp),
  };
}

export type DiscountTax =
  | { kind: 'none' }
  | { kind: 'taxed'; taxRateId: string; taxType: string; rateBp: number; taxMinor: number }
  | { kind: 'ambiguous' };

/**
 * An invoice discount comes off the fees, so it takes the fees' tax off with it: −round(discount × rate)
 * when every fee line bears the same tax (or none does). Fee lines under different taxes, or some taxed and
 * some not, leave no single rate to apply: `ambiguous` (the caller refuses; per-line discounts are exact).
 */
export function discountTax(feeLineTaxes: ReadonlyArray<LineTax | null>, discountMinor: number): DiscountTax {
  if (discountMinor === 0 || feeLineTaxes.length === 0) return { kind: 'none' };
  const first = feeLineTaxes[0] ?? null;
  const uniform = feeLineTaxes.every((tax) =>
    first === null
      ? tax === null
      : tax !== null && tax.taxRateId === first.taxRateId && tax.rateBp === first.rateBp,
  );
  if (!uniform) return { kind: 'ambiguous' };
  if (first === null) return { kind: 'none' };
  return {
    kind: 'taxed',
    taxRateId: first.taxRateId,
    taxType: first.taxType,
    rateBp: first.rateBp,
    taxMinor: -taxOf(discountMinor, first.rateBp),
  };
}
