import { instalmentProblems, instalmentStatuses } from './payment-plan.rules';

const PLAN = [
  { dueOn: '2026-12-01', amountMinor: 10000 },
  { dueOn: '2027-01-01', amountMinor: 10000 },
  { dueOn: '2027-02-01', amountMinor: 5000 },
];

describe('payment-plan.rules', () => {
  it('accepts instalments that add up to what is open on later and later days', () => {
    expect(instalmentProblems(PLAN, 25000)).toEqual([]);
  });

  it('names instalments that do not add up or are out of order', () => {
    expect(instalmentProblems(PLAN, 25001)).toEqual([
      {
        field: 'instalments',
        message: 'instalments must add up to the open amount, 25001 (they add up to 25000)',
      },
    ]);
    expect(instalmentProblems([PLAN[1]!, PLAN[0]!, PLAN[2]!], 25000)).toEqual([
      { field: 'instalments[1].dueOn', message: 'instalments must fall on later days, in order' },
    ]);
  });

  it('fills instalments in order with what was paid and marks the unpaid past ones overdue', () => {
    expect(
      instalmentStatuses(PLAN, 12000, '2027-01-02').map((item) => [item.paidMinor, item.status]),
    ).toEqual([
      [10000, 'paid'],
      [2000, 'overdue'],
      [0, 'due'],
    ]);
    expect(instalmentStatuses(PLAN, 0, '2026-12-01').map((item) => item.status)).toEqual([
      'due',
      'due',
      'due',
    ]);
    expect(instalmentStatuses(PLAN, 25000, '2030-01-01').map((item) => item.status)).toEqual([
      'paid',
      'paid',
      'paid',
    ]);
  });
});
