import {
  dueAtOf,
  needsConsent,
  nextStatus,
  WORK_ORDER_ACTIONS,
  WORK_ORDER_STATUSES,
} from './work-order.rules';

describe('work order state machine', () => {
  it('walks the QC cycle: assigned, accepted, in progress, submitted, returned, resubmitted, approved, closed', () => {
    expect(nextStatus('assigned', 'accept', 'vendor')).toBe('accepted');
    expect(nextStatus('accepted', 'start', 'vendor')).toBe('in-progress');
    expect(nextStatus('in-progress', 'submit', 'vendor')).toBe('submitted');
    expect(nextStatus('submitted', 'return', 'user')).toBe('returned');
    expect(nextStatus('returned', 'submit', 'vendor')).toBe('submitted');
    expect(nextStatus('submitted', 'approve', 'user')).toBe('accepted-by-firm');
    expect(nextStatus('accepted-by-firm', 'close', 'user')).toBe('closed');
    expect(nextStatus('assigned', 'decline', 'vendor')).toBe('declined');
  });

  it('keeps each side to its own actions', () => {
    expect(nextStatus('assigned', 'accept', 'user')).toBe('wrong_side');
    expect(nextStatus('submitted', 'approve', 'vendor')).toBe('wrong_side');
    expect(nextStatus('assigned', 'cancel', 'vendor')).toBe('wrong_side');
    expect(nextStatus('submitted', 'return', 'integration')).toBe('returned');
  });

  it('cancels from every open status and from no final one', () => {
    const cancellable = WORK_ORDER_STATUSES.filter(
      (status) => nextStatus(status, 'cancel', 'user') === 'cancelled',
    );
    expect(cancellable).toEqual(['assigned', 'accepted', 'in-progress', 'submitted', 'returned']);
  });

  it('allows nothing out of a final status', () => {
    for (const status of ['declined', 'closed', 'cancelled'] as const)
      for (const action of WORK_ORDER_ACTIONS) {
        expect(['wrong_side', 'not_allowed']).toContain(nextStatus(status, action, 'vendor'));
        expect(['wrong_side', 'not_allowed']).toContain(nextStatus(status, action, 'user'));
      }
  });

  it('refuses skipping steps', () => {
    expect(nextStatus('assigned', 'submit', 'vendor')).toBe('not_allowed');
    expect(nextStatus('accepted', 'submit', 'vendor')).toBe('not_allowed');
    expect(nextStatus('in-progress', 'approve', 'user')).toBe('not_allowed');
    expect(nextStatus('submitted', 'close', 'user')).toBe('not_allowed');
  });

  it('needs consent for every action but cancelling', () => {
    expect(WORK_ORDER_ACTIONS.filter((action) => !needsConsent(action))).toEqual(['cancel']);
  });
});

describe('work order due time', () => {
  const acceptedAt = new Date('2027-03-01T15:30:00Z');
  it('counts SLA hours from acceptance', () => {
    expect(dueAtOf(acceptedAt, 48, null)?.toISOString()).toBe('2027-03-03T15:30:00.000Z');
  });
  it('keeps a fixed due-by as it is', () => {
    const dueBy = new Date('2027-03-10T17:00:00Z');
    expect(dueAtOf(acceptedAt, null, dueBy)).toBe(dueBy);
  });
  it('has no due time without a turnaround', () => {
    expect(dueAtOf(acceptedAt, null, null)).toBeNull();
  });
});
