/** Receivables aging: buckets by days past due on a given date. Pure; unit tested beside it. */

export const AGING_BUCKETS = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD, calendar days, no time zone involved). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Not yet due or due today is current; then 1–30, 31–60, 61–90 and over 90 days past due. */
export function agingBucket(dueDate: string, asOf: string): AgingBucket {
  const pastDue = daysBetween(dueDate, asOf);
  if (pastDue <= 0) return 'current';
  if (pastDue <= 30) return 'days1To30';
  if (pastDue <= 60) return 'days31To60';
  if (pastDue <= 90) return 'days61To90';
  return 'over90';
}

export interface AgedInvoice {
  key: string;
  currency: string;
  dueDate: string;
  openMinor: number;
}

export type AgingTotals = Record<AgingBucket, number> & { totalMinor: number; invoiceCount: number };

/** Sums open amounts per key and currency into buckets; amounts never mix currencies. */
export function ageReceivables(
  invoices: readonly AgedInvoice[],
  asOf: string,
): Array<{ key: string; currency: string; totals: AgingTotals }> {
  const groups = new Map<string, { key: string; currency: string; totals: AgingTotals }>();
  for (const invoice of invoices) {
    if (invoice.openMinor <= 0) continue;
    const id = `${invoice.key}|${invoice.currency}`;
    let group = groups.get(id);
    if (!group) {
      group = {
        key: invoice.key,
        currency: invoice.currency,
        totals: {
          current: 0,
          days1To30: 0,
          days31To60: 0,
          days61To90: 0,
          over90: 0,
          totalMinor: 0,
          invoiceCount: 0,
        },
      };
      groups.set(id, group);
    }
    group.totals[agingBucket(invoice.dueDate, asOf)] += invoice.openMinor;
    group.totals.totalMinor += invoice.openMinor;
    group.totals.invoiceCount += 1;
  }
  return [...groups.values()].sort(
    (a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency),
  );
}
