import { checkTransition, chasedByReminders } from './collections.rules';

describe('collections.rules', () => {
  describe('checkTransition', () => {
    it('lets an open invoice be promised, disputed, sent to collections or written off', () => {
      for (const status of ['promised', 'disputed', 'in-collections', 'written-off'] as const)
        expect(
          checkTransition({ status: 'none' }, { status, promisedOn: '2026-12-01', promisedMinor: 100 }, 500),
        ).toBeNull();
    });

    it('refuses any change of a written-off invoice', () => {
      expect(checkTransition({ status: 'written-off' }, { status: 'promised' }, 500)).toEqual({
        problem: 'not-allowed',
        from: 'written-off',
        to: 'promised',
        allowed: [],
      });
      expect(checkTransition({ status: 'written-off' }, { status: 'written-off' }, 0)).toMatchObject({
        problem: 'not-allowed',
      });
    });

    it('treats the same status with the same details as no change, but a renewed promise as one', () => {
      const promise = { status: 'promised' as const, promisedOn: '2026-12-01', promisedMinor: 100 };
      expect(checkTransition(promise, { ...promise }, 500)).toEqual({ problem: 'unchanged' });
      expect(checkTransition(promise, { ...promise, promisedOn: '2026-12-15' }, 500)).toBeNull();
      expect(checkTransition({ status: 'disputed' }, { status: 'disputed' }, 500)).toEqual({
        problem: 'unchanged',
      });
    });

    it('refuses to chase an invoice with nothing open, but lets its status be cleared', () => {
      expect(checkTransition({ status: 'none' }, { status: 'in-collections' }, 0)).toEqual({
        problem: 'settled',
      });
      expect(checkTransition({ status: 'promised' }, { status: 'none' }, 0)).toBeNull();
    });

    it('refuses a promise of more than is open', () => {
      expect(
        checkTransition(
          { status: 'none' },
          { status: 'promised', promisedOn: '2026-12-01', promisedMinor: 501 },
          500,
        ),
      ).toEqual({ problem: 'promise-exceeds-open', openMinor: 500 });
    });
  });

  it('keeps reminders off disputed and written-off invoices', () => {
    expect(chasedByReminders('disputed')).toBe(false);
    expect(chasedByReminders('written-off')).toBe(false);
    expect(chasedByReminders('promised')).toBe(true);
    expect(chasedByReminders('in-collections')).toBe(true);
  });
});
