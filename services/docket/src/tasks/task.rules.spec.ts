import { daysBefore, mayMove } from './task.rules';

describe('task rules', () => {
  it('lets open work move on and keeps done and cancelled final', () => {
    expect(mayMove('open', 'in-progress')).toBe(true);
    expect(mayMove('in-progress', 'done')).toBe(true);
    expect(mayMove('open', 'cancelled')).toBe(true);
    expect(mayMove('done', 'open')).toBe(false);
    expect(mayMove('cancelled', 'in-progress')).toBe(false);
  });

  it('counts days before a deadline across month and year ends', () => {
    expect(daysBefore('2027-03-02', 2)).toBe('2027-02-28');
    expect(daysBefore('2028-03-01', 1)).toBe('2028-02-29');
    expect(daysBefore('2027-01-03', 5)).toBe('2026-12-29');
    expect(daysBefore('2027-01-03', 0)).toBe('2027-01-03');
  });
});
