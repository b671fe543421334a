import { addDays, ageReceivables, agingBucket, daysBetween } from './aging.rules';

describe('aging.rules', () => {
  it('counts calendar days across month and leap-year ends', () => {
    expect(daysBetween('2026-11-27', '2026-12-27')).toBe(30);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('puts an invoice in the bucket of its days past due on the as-of date', () => {
    const due = '2026-12-01';
    expect(agingBucket(due, '2026-11-15')).toBe('current');
    expect(agingBucket(due, '2026-12-01')).toBe('current');
    expect(agingBucket(due, '2026-12-02')).toBe('days1To30');
    expect(agingBucket(due, '2026-12-31')).toBe('days1To30');
    expect(agingBucket(due, '2027-01-01')).toBe('days31To60');
    expect(agingBucket(due, '2027-01-30')).toBe('days31To60');
    expect(agingBucket(due, '2027-01-31')).toBe('days61To90');
    expect(agingBucket(due, '2027-03-01')).toBe('days61To90');
    expect(agingBucket(due, '2027-03-02')).toBe('over90');
  });

  it('sums open amounts per key and currency, leaving out what is settled', () => {
    const rows = ageReceivables(
      [
        { key: 'client-b', currency: 'USD', dueDate: '2026-10-01', openMinor: 500 },
        { key: 'client-a', currency: 'USD', dueDate: '2026-12-10', openMinor: 1000 },
        { key: 'client-a', currency: 'USD', dueDate: '2026-11-01', openMinor: 250 },
        { key: 'client-a', currency: 'EUR', dueDate: '2026-11-01', openMinor: 70 },
        { key: 'client-a', currency: 'USD', dueDate: '2026-06-01', openMinor: 0 },
      ],
      '2026-12-01',
    );
    expect(rows).toEqual([
      {
        key: 'client-a',
        currency: 'EUR',
        totals: {
          current: 0,
          days1To30: 70,
          days31To60: 0,
          days61To90: 0,
          over90: 0,
          totalMinor: 70,
          invoiceCount: 1,
        },
      },
      {
        key: 'client-a',
        currency: 'USD',
        totals: {
          current: 1000,
          days1To30: 250,
          days31To60: 0,
          days61To90: 0,
          over90: 0,
          totalMinor: 1250,
          invoiceCount: 2,
        },
      },
      {
        key: 'client-b',
        currency: 'USD',
        totals: {
          current: 0,
          days1To30: 0,
          days31To60: 0,
          days61To90: 500,
          over90: 0,
          totalMinor: 500,
          invoiceCount: 1,
        },
      },
    ]);
  });
});
