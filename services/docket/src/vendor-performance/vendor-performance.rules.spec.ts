import type { WorkOrderPerformanceFact } from '../work-orders/work-order.service';
import { nearestRank, vendorPerformance } from './vendor-performance.rules';

const VENDOR_A = '0190aaaa-0000-7000-8000-000000000001';
const VENDOR_B = '0190bbbb-0000-7000-8000-000000000002';
const at = (iso: string): Date => new Date(iso);

function delivered(
  vendorId: string,
  workType: string,
  acceptedAt: string,
  submittedAt: string,
  dueAt: string,
  returnCount = 0,
): WorkOrderPerformanceFact {
  return {
    vendorId,
    workType,
    kind: 'delivered',
    acceptedAt: at(acceptedAt),
    submittedAt: at(submittedAt),
    dueAt: at(dueAt),
    returnCount,
  };
}

describe('nearestRank', () => {
  it('takes the ceil(p·n)-th value of the sorted values', () => {
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 90)).toBe(4);
    expect(nearestRank([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBe(90);
    expect(nearestRank([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 90)).toBe(100);
    expect(nearestRank([7], 50)).toBe(7);
    expect(nearestRank([7], 0)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe('vendorPerformance', () => {
  it('computes on-time and rework rates and turnaround percentiles per vendor and kind of work', () => {
    const facts: WorkOrderPerformanceFact[] = [
      // Vendor A, document review: turnarounds 600, 1500, 2880 (late: due 2880 - 1 minute), 240 minutes.
      delivered(
        VENDOR_A,
        'document-review',
        '2026-03-02T09:00:00Z',
        '2026-03-02T19:00:00Z',
        '2026-03-04T09:00:00Z',
      ),
      delivered(
        VENDOR_A,
        'document-review',
        '2026-03-03T09:00:00Z',
        '2026-03-04T10:00:00Z',
        '2026-03-05T09:00:00Z',
        1,
      ),
      delivered(
        VENDOR_A,
        'document-review',
        '2026-03-05T08:00:00Z',
        '2026-03-07T08:00:00Z',
        '2026-03-07T07:59:00Z',
        2,
      ),
      // Submitted exactly at its due time: on time. 4 hours 59.9 seconds: 240 whole minutes.
      delivered(
        VENDOR_A,
        'document-review',
        '2026-03-09T12:00:00Z',
        '2026-03-09T16:00:59.900Z',
        '2026-03-09T16:00:59.900Z',
      ),
      // Vendor A, drafting: one overdue open order only.
      {
        vendorId: VENDOR_A,
        workType: 'drafting',
        kind: 'past-sla',
        acceptedAt: at('2026-03-01T00:00:00Z'),
        submittedAt: null,
        dueAt: at('2026-03-02T00:00:00Z'),
        returnCount: 0,
      },
      // Vendor B before A in nothing but its id: rows sort by vendor id.
      delivered(VENDOR_B, 'billing', '2026-03-10T00:00:00Z', '2026-03-10T01:30:00Z', '2026-03-11T00:00:00Z'),
      {
        vendorId: VENDOR_A,
        workType: 'document-review',
        kind: 'past-sla',
        acceptedAt: at('2026-03-20T00:00:00Z'),
        submittedAt: null,
        dueAt: at('2026-03-21T00:00:00Z'),
        returnCount: 1,
      },
    ];
    expect(vendorPerformance(facts)).toEqual([
      {
        vendorId: VENDOR_A,
        workType: 'document-review',
        delivered: 4,
        onTime: 3,
        onTimeRate: 0.75,
        // sorted 240, 600, 1500, 2880: median = 2nd, p90 = ceil(3.6) = 4th
        medianTurnaroundMinutes: 600,
        p90TurnaroundMinutes: 2880,
        reworked: 2,
        reworkRate: 0.5,
        openPastSla: 1,
      },
      {
        vendorId: VENDOR_A,
        workType: 'drafting',
        delivered: 0,
        onTime: 0,
        onTimeRate: null,
        medianTurnaroundMinutes: null,
        p90TurnaroundMinutes: null,
        reworked: 0,
        reworkRate: null,
        openPastSla: 1,
      },
      {
        vendorId: VENDOR_B,
        workType: 'billing',
        delivered: 1,
        onTime: 1,
        onTimeRate: 1,
        medianTurnaroundMinutes: 90,
        p90TurnaroundMinutes: 90,
        reworked: 0,
        reworkRate: 0,
        openPastSla: 0,
      },
    ]);
  });

  it('rounds rates to four decimal places', () => {
    const facts = [0, 1, 2].map((index) =>
      delivered(
        VENDOR_A,
        'research',
        '2026-04-01T00:00:00Z',
        '2026-04-01T01:00:00Z',
        index === 0 ? '2026-04-01T02:00:00Z' : '2026-04-01T00:30:00Z',
      ),
    );
    const [row] = vendorPerformance(facts);
    expect(row?.onTimeRate).toBe(0.3333);
    expect(vendorPerformance([])).toEqual([]);
  });
});
