/** What a credit note sees of an invoice: its total, what credit notes and payments already took. */
export interface CreditableInvoice {
  totalMinor: number;
  creditedMinor: number;
  paidMinor: number;
}

export type CreditNoteDecision =
  | {
      outcome: 'credit';
      /** The credit note's amount. */
      amountMinor: number;
      /** The part of it beyond what was open: paid money handed back to the client as credit. */
      releasedMinor: number;
    }
  | { outcome: 'exceeds-open'; openMinor: number; creditableMinor: number };

/**
 * How much a credit note may take. The rule: a credit note corrects what the client still owes, so it
 * may not exceed the invoice's open amount (total − credit notes − payments) — a paid invoice cannot be
 * credited into a negative balance. A clerk who means to credit money already paid says so
 * (`excessToClientCredit`): then up to everything not yet credited may be credited, and the part beyond
 * the open amount comes off the invoice's payments and becomes the client's credit (to apply or refund).
 * No amount means everything that may be credited. A fully credited invoice is refused before this.
 */
export function decideCreditNote(
  invoice: CreditableInvoice,
  requestedMinor: number | undefined,
  excessToClientCredit: boolean,
): CreditNoteDecision {
  const creditableMinor = Math.max(0, invoice.totalMinor - invoice.creditedMinor);
  const openMinor = Math.max(0, creditableMinor - invoice.paidMinor);
  const limitMinor = excessToClientCredit ? creditableMinor : openMinor;
  const amountMinor = requestedMinor ?? limitMinor;
  if (amountMinor <= 0 || amountMinor > limitMinor)
    return { outcome: 'exceeds-open', openMinor, creditableMinor };
  return { outcome: 'credit', amountMinor, releasedMinor: Math.max(0, amountMinor - openMinor) };
}

/** One payment's net money on an invoice. */
export interface HeldPayment {
  paymentId: string;
  heldMinor: number;
}

/**
 * Which payments give back `releaseMinor` of what they hold on an invoice: the latest payment first (the
 * money most recently applied is the first to become credit again). `held` is in the order paid.
 */
export function releaseFromPayments(
  held: readonly HeldPayment[],
  releaseMinor: number,
): Array<{ paymentId: string; amountMinor: number }> {
  const draws: Array<{ paymentId: string; amountMinor: number }> = [];
  let remaining = releaseMinor;
  for (const payment of [...held].reverse()) {
    if (remaining <= 0) break;
    const take = Math.min(payment.heldMinor, remaining);
    if (take <= 0) continue;
    draws.push({ paymentId: payment.paymentId, amountMinor: take });
    remaining -= take;
  }
  if (remaining > 0)
    throw new Error(`Payments hold ${releaseMinor - remaining} of ${releaseMinor} to release`);
  return draws;
}
