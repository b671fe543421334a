import type { FieldError } from '@lawfirm/errors';

/** An issued invoice with money still owed on it, in the order payments reach it (oldest first). */
export interface OpenInvoice {
  invoiceId: string;
  openMinor: number;
}

/** A clerk naming an invoice to pay; no amount = as much of it as the money covers. */
export interface AllocationRequest {
  invoiceId: string;
  amountMinor?: number;
}

export interface Allocation {
  invoiceId: string;
  amountMinor: number;
}

export interface AllocationOutcome {
  allocations: Allocation[];
  /** What no invoice took: kept as the client's credit. */
  unallocatedMinor: number;
  problems: FieldError[];
}

/**
 * Spreads `amountMinor` over open invoices: oldest first, or over the named invoices in the order named.
 * An invoice never receives more than is open on it; what is left over is credit. Named allocations that
 * cannot be honoured come back as field problems (and no allocations).
 */
export function allocate(
  amountMinor: number,
  openInvoices: readonly OpenInvoice[],
  requested?: readonly AllocationRequest[],
): AllocationOutcome {
  const open = new Map(openInvoices.map((invoice) => [invoice.invoiceId, invoice.openMinor]));
  if (requested === undefined) {
    const allocations: Allocation[] = [];
    let remaining = amountMinor;
    for (const invoice of openInvoices) {
      if (remaining <= 0) break;
      const share = Math.min(remaining, invoice.openMinor);
      if (share <= 0) continue;
      allocations.push({ invoiceId: invoice.invoiceId, amountMinor: share });
      remaining -= share;
    }
    return { allocations, unallocatedMinor: remaining, problems: [] };
  }
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  requested.forEach((request, index) => {
    const field = `allocations[${index}]`;
    const openMinor = open.get(request.invoiceId);
    if (seen.has(request.invoiceId)) {
      problems.push({ field: `${field}.invoiceId`, message: 'invoiceId is named twice' });
    } else if (openMinor === undefined || openMinor <= 0) {
      problems.push({
        field: `${field}.invoiceId`,
        message:
          "invoiceId must be an issued invoice of this client, in the payment's currency, with money owed",
      });
    } else if (request.amountMinor !== undefined && request.amountMinor > openMinor) {
      problems.push({
        field: `${field}.amountMinor`,
        message: `amountMinor must not exceed the ${openMinor} still owed on the invoice`,
      });
    }
    seen.add(request.invoiceId);
  });
  const named = requested.reduce((sum, request) => sum + (request.amountMinor ?? 0), 0);
  if (named > amountMinor) {
    problems.push({
      field: 'allocations',
      message: `the allocations add up to ${named}, more than the ${amountMinor} available`,
    });
  }
  if (problems.length) return { allocations: [], unallocatedMinor: amountMinor, problems };
  // Stated amounts first, then the invoices without one take what is left, in the order named.
  let remaining = amountMinor - named;
  const allocations: Allocation[] = [];
  for (const request of requested) {
    const share = request.amountMinor ?? Math.min(remaining, open.get(request.invoiceId) ?? 0);
    if (request.amountMinor === undefined) remaining -= share;
    if (share > 0) allocations.push({ invoiceId: request.invoiceId, amountMinor: share });
  }
  return { allocations, unallocatedMinor: remaining, problems: [] };
}

/** A payment with money no invoice holds yet: the client's credit, oldest payment first. */
export interface CreditSource {
  paymentId: string;
  availableMinor: number;
}

export interface Draw {
  paymentId: string;
  invoiceId: string | null;
  amountMinor: number;
}

/**
 * Takes the money for `targets` (invoice allocations, or one refund with `invoiceId: null`) from the
 * credit sources, oldest payment first, splitting a target across payments where one does not cover it.
 * The caller makes sure the targets add up to no more than the sources.
 */
export function drawCredit(
  sources: readonly CreditSource[],
  targets: ReadonlyArray<{ invoiceId: string | null; amountMinor: number }>,
): Draw[] {
  const available = sources.map((source) => ({ ...source }));
  const draws: Draw[] = [];
  let sourceIndex = 0;
  for (const target of targets) {
    let needed = target.amountMinor;
    while (needed > 0) {
      const source = available[sourceIndex];
      if (!source) throw new Error('drawCredit: the targets exceed the available credit');
      const share = Math.min(needed, source.availableMinor);
      if (share > 0) {
        draws.push({ paymentId: source.paymentId, invoiceId: target.invoiceId, amountMinor: share });
        source.availableMinor -= share;
        needed -= share;
      }
      if (source.availableMinor === 0) sourceIndex += 1;
    }
  }
  return draws;
}

/** What a payment still holds on each invoice (its allocations netted), for undoing it. */
export function heldPerInvoice(
  allocations: ReadonlyArray<{ invoiceId: string | null; amountMinor: number }>,
): Allocation[] {
  const held = new Map<string, number>();
  for (const allocation of allocations) {
    if (allocation.invoiceId === null) continue;
    held.set(allocation.invoiceId, (held.get(allocation.invoiceId) ?? 0) + allocation.amountMinor);
  }
  return [...held]
    .filter(([, amountMinor]) => amountMinor !== 0)
    .map(([invoiceId, amountMinor]) => ({ invoiceId, amountMinor }));
}

export const PAYMENT_STATUSES = ['issued', 'partially-paid', 'paid', 'credited', 'written-off'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** An issued invoice's standing from its total, its credit notes, the payments and write-offs on it. */
export function paymentStatus(
  totalMinor: number,
  creditedMinor: number,
  paidMinor: number,
  writtenOffMinor = 0,
): PaymentStatus {
  if (creditedMinor >= totalMinor) return 'credited';
  if (writtenOffMinor > 0 && totalMinor - creditedMinor - paidMinor - writtenOffMinor <= 0)
    return 'written-off';
  if (totalMinor - creditedMinor - paidMinor <= 0) return 'paid';
  return paidMinor > 0 ? 'partially-paid' : 'issued';
}
