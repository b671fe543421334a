import { collectedShare, multiplyDivideHalfUp, ratio, standardValue, unbilledBucket } from './report.rules';

describe('report rules', () => {
  it('rounds standard value half-up per entry (minutes × hourly rate ÷ 60)', () => {
    expect(standardValue(60, 30000)).toBe(30000);
    expect(standardValue(7, 10001)).toBe(1167); // 70007 / 60 = 1166.78
    expect(standardValue(1, 30)).toBe(1); // 0.5 rounds up
    expect(standardValue(1, 29)).toBe(0); // 0.483 rounds down
  });

  it('gives ratios to 4 decimals, half-up, and null without a denominator', () => {
    expect(ratio(6, 7)).toBe(0.8571); // 0.857142…
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(2, 3)).toBe(0.6667);
    expect(ratio(1, 20000)).toBe(0.0001); // 0.00005: the half rounds up
    expect(ratio(1, 20001)).toBe(0);
    expect(ratio(45000, 40000)).toBe(1.125);
    expect(ratio(5, 0)).toBeNull();
  });

  it('multiplies beyond 2^53 exactly before dividing', () => {
    expect(multiplyDivideHalfUp(123_456_789_012, 987_654, 1_000_000)).toBe(121_932_591_495); // 121,932,591,494.857848;
    expect(multiplyDivideHalfUp(-3, 1, 2)).toBe(-2);
  });

  it('splits an invoice’s payments over timekeepers by their share of its total', () => {
    expect(collectedShare(30000, 20000, 45000)).toBe(13333);
    expect(collectedShare(15000, 20000, 45000)).toBe(6667);
    expect(collectedShare(15000, 20000, 0)).toBe(0);
  });

  it('ages unbilled work by days since the work date', () => {
    expect(unbilledBucket('2026-12-01', '2026-12-31')).toBe('days0To30');
    expect(unbilledBucket('2026-11-30', '2026-12-31')).toBe('days31To60');
    expect(unbilledBucket('2026-10-02', '2026-12-31')).toBe('days61To90'); // 90 days
    expect(unbilledBucket('2026-10-01', '2026-12-31')).toBe('days91To180'); // 91 days
    expect(unbilledBucket('2026-07-04', '2026-12-31')).toBe('days91To180'); // 180 days
    expect(unbilledBucket('2026-07-03', '2026-12-31')).toBe('over180');
  });
});
