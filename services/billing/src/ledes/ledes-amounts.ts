import { UNIT_SCALE } from './ledes-invoice';

/**
 * Decimal arithmetic for LEDES amounts without floats: amounts are integer minor units in the
 * model and exact decimals (scaled bigints) when a file is read.
 */

/** Digits after the decimal point of `currency` (USD 2, JPY 0, BHD 3), as ISO 4217 defines them. */
export function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** `amountMinor` written as LEDES writes money: plain decimal, point, no grouping, '-' when negative. */
export function formatMinor(amountMinor: number, currency: string): string {
  return formatScaled(BigInt(amountMinor), minorUnitDigits(currency), true);
}

/** A quantity in ten-thousandths as a decimal with no trailing zeros (15 000 → "1.5", 20 000 → "2"). */
export function formatUnits(unitsScaled: number): string {
  return formatScaled(BigInt(unitsScaled), 4, false);
}

/** Basis points as the decimal rate LEDES writes (2000 → "0.2000"). */
export function formatRateBasisPoints(rateBasisPoints: number): string {
  return formatScaled(BigInt(rateBasisPoints), 4, true);
}

function formatScaled(value: bigint, digits: number, keepZeros: boolean): string {
  const negative = value < 0n;
  const magnitude = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = magnitude.slice(0, magnitude.length - digits);
  let fraction = digits ? magnitude.slice(magnitude.length - digits) : '';
  if (!keepZeros) fraction = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Half-up (away from zero at .5) division of integers: the platform's rounding to the minor unit. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/** units × unit cost, half-up to the minor unit. */
export function extendedAmountMinor(unitsScaled: number, unitCostMinor: number): number {
  return Number(divideHalfUp(BigInt(unitsScaled) * BigInt(unitCostMinor), BigInt(UNIT_SCALE)));
}

/** Tax on `netMinor` at `rateBasisPoints`, half-up to the minor unit. */
export function taxAmountMinor(netMinor: number, rateBasisPoints: number): number {
  return Number(divideHalfUp(BigInt(netMinor) * BigInt(rateBasisPoints), 10_000n));
}

/** Fixed-point decimal read from a file: `value / 10^scale`. */
export interface ScaledDecimal {
  value: bigint;
  scale: number;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses "-12.50" exactly; undefined when it is not a plain decimal. */
export function parseDecimal(text: string): ScaledDecimal | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const fraction = match[3] ?? '';
  const value = BigInt(`${match[2]}${fraction}`);
  return { value: match[1] ? -value : value, scale: fraction.length };
}

/** `decimal` at `scale` digits (scale must not drop digits). */
export function rescale(decimal: ScaledDecimal, scale: number): bigint {
  return decimal.value * 10n ** BigInt(scale - decimal.scale);
}
