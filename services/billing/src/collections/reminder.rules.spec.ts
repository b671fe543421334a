import { daysBetween, reminderStepDue } from './reminder.rules';

const SCHEDULE = [-7, 0, 15, 30];
const OPEN = { dueDate: '2026-12-31', openMinor: 1000, status: 'none' as const, sentOffsets: [] };

describe('reminder.rules', () => {
  it('counts days across month and year ends', () => {
    expect(daysBetween('2026-12-31', '2027-01-15')).toBe(15);
    expect(daysBetween('2026-12-31', '2026-12-24')).toBe(-7);
  });

  it('sends nothing before the first step and the first step on its day', () => {
    expect(reminderStepDue(SCHEDULE, OPEN, '2026-12-23')).toBeNull();
    expect(reminderStepDue(SCHEDULE, OPEN, '2026-12-24')).toEqual({
      offsetDays: -7,
      reminderDate: '2026-12-24',
    });
  });

  it('sends each step once and, when late, only the latest step that came due', () => {
    expect(reminderStepDue(SCHEDULE, { ...OPEN, sentOffsets: [-7] }, '2026-12-30')).toBeNull();
    expect(reminderStepDue(SCHEDULE, { ...OPEN, sentOffsets: [-7] }, '2026-12-31')).toEqual({
      offsetDays: 0,
      reminderDate: '2026-12-31',
    });
    expect(reminderStepDue(SCHEDULE, { ...OPEN, sentOffsets: [-7] }, '2027-01-20')).toEqual({
      offsetDays: 15,
      reminderDate: '2027-01-15',
    });
    expect(reminderStepDue(SCHEDULE, { ...OPEN, sentOffsets: [15] }, '2027-01-20')).toBeNull();
  });

  it('sends nothing for a paid, disputed or written-off invoice', () => {
    expect(reminderStepDue(SCHEDULE, { ...OPEN, openMinor: 0 }, '2027-01-20')).toBeNull();
    expect(reminderStepDue(SCHEDULE, { ...OPEN, status: 'disputed' }, '2027-01-20')).toBeNull();
    expect(reminderStepDue(SCHEDULE, { ...OPEN, status: 'written-off' }, '2027-01-20')).toBeNull();
    expect(reminderStepDue(SCHEDULE, { ...OPEN, status: 'promised' }, '2027-01-20')).toMatchObject({
      offsetDays: 15,
    });
  });
});
