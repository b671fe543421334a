import type { WorkOrderPerformanceFact } from '../work-orders/work-order.service';

/** One vendor's figures for one kind of work. */
export interface VendorPerformanceFigures {
  vendorId: string;
  workType: string;
  /** Orders the firm approved whose approved submission falls in the range. */
  delivered: number;
  /** Of those, submitted at or before their due time. */
  onTime: number;
  /** onTime / delivered, to 4 decimal places; null when nothing was delivered. */
  onTimeRate: number | null;
  /** Acceptance to the approved submission, whole minutes: nearest-rank median and 90th percentile. */
  medianTurnaroundMinutes: number | null;
  p90TurnaroundMinutes: number | null;
  /** Delivered orders the firm returned for rework at least once. */
  reworked: number;
  reworkRate: number | null;
  /** Orders the vendor still owes (accepted, in progress, returned) whose due time has passed at asOf. */
  openPastSla: number;
}

/**
 * The nearest-rank percentile of ascending `sorted` values: the smallest value with at least `percent`
 * of the values at or below it (the ceil(p·n)-th value). The median of 1, 2, 3, 4 is 2; their p90 is 4.
 */
export function nearestRank(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function rate(count: number, of: number): number | null {
  return of === 0 ? null : Math.round((count / of) * 10_000) / 10_000;
}

/**
 * Per vendor and kind of work, over the delivered facts (work approved with its approved submission in
 * the report's range): on-time rate (submitted at or before the due time set at acceptance), median and
 * p90 turnaround (acceptance to that submission), rework rate (returned at least once); and the count of
 * open work past its SLA. Rows are ordered by vendor, then kind of work; no facts, no row.
 */
export function vendorPerformance(facts: readonly WorkOrderPerformanceFact[]): VendorPerformanceFigures[] {
  const groups = new Map<
    string,
    {
      vendorId: string;
      workType: string;
      turnarounds: number[];
      onTime: number;
      reworked: number;
      openPastSla: number;
    }
  >();
  const groupOf = (fact: WorkOrderPerformanceFact) => {
    const key = `${fact.vendorId}\u0000${fact.workType}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        vendorId: fact.vendorId,
        workType: fact.workType,
        turnarounds: [],
        onTime: 0,
        reworked: 0,
        openPastSla: 0,
      };
      groups.set(key, group);
    }
    return group;
  };
  for (const fact of facts) {
    const { submittedAt, acceptedAt, dueAt } = fact;
    if (fact.kind === 'past-sla') {
      groupOf(fact).openPastSla += 1;
    } else if (submittedAt && acceptedAt) {
      const group = groupOf(fact);
      group.turnarounds.push(Math.floor((submittedAt.getTime() - acceptedAt.getTime()) / 60_000));
      if (dueAt && submittedAt.getTime() <= dueAt.getTime()) group.onTime += 1;
      if (fact.returnCount > 0) group.reworked += 1;
    }
  }
  return [...groups.values()]
    .sort((a, b) =>
      a.vendorId === b.vendorId ? (a.workType < b.workType ? -1 : 1) : a.vendorId < b.vendorId ? -1 : 1,
    )
    .map((group) => {
      const sorted = [...group.turnarounds].sort((a, b) => a - b);
      const delivered = sorted.length;
      return {
        vendorId: group.vendorId,
        workType: group.workType,
        delivered,
        onTime: group.onTime,
        onTimeRate: rate(group.onTime, delivered),
        medianTurnaroundMinutes: nearestRank(sorted, 50),
        p90TurnaroundMinutes: nearestRank(sorted, 90),
        reworked: group.reworked,
        reworkRate: rate(group.reworked, delivered),
        openPastSla: group.openPastSla,
      };
    });
}
