import { allocate, drawCredit, heldPerInvoice, paymentStatus } from './payment.rules';

const OPEN = [
  { invoiceId: 'oldest', openMinor: 10000 },
  { invoiceId: 'middle', openMinor: 5000 },
  { invoiceId: 'newest', openMinor: 2500 },
];

describe('payment.rules', () => {
  describe('allocate', () => {
    it('pays the oldest invoice first and carries the rest to the next', () => {
      expect(allocate(12000, OPEN)).toEqual({
        allocations: [
          { invoiceId: 'oldest', amountMinor: 10000 },
          { invoiceId: 'middle', amountMinor: 2000 },
        ],
        unallocatedMinor: 0,
        problems: [],
      });
    });

    it('keeps an overpayment as unallocated credit', () => {
      const outcome = allocate(20000, OPEN);
      expect(outcome.allocations.map((allocation) => allocation.amountMinor)).toEqual([10000, 5000, 2500]);
      expect(outcome.unallocatedMinor).toBe(2500);
    });

    it('leaves everything unallocated when nothing is owed', () => {
      expect(allocate(700, [])).toEqual({ allocations: [], unallocatedMinor: 700, problems: [] });
    });

    it('pays named invoices in the order named, stated amounts first', () => {
      const outcome = allocate(6000, OPEN, [
        { invoiceId: 'newest' },
        { invoiceId: 'oldest', amountMinor: 1000 },
      ]);
      expect(outcome).toEqual({
        allocations: [
          { invoiceId: 'newest', amountMinor: 2500 },
          { invoiceId: 'oldest', amountMinor: 1000 },
        ],
        unallocatedMinor: 2500,
        problems: [],
      });
    });

    it('refuses a named amount above what is owed, an unknown or repeated invoice, and too much in total', () => {
      const outcome = allocate(3000, OPEN, [
        { invoiceId: 'newest', amountMinor: 2600 },
        { invoiceId: 'elsewhere' },
        { invoiceId: 'middle', amountMinor: 1000 },
        { invoiceId: 'middle' },
      ]);
      expect(outcome.allocations).toEqual([]);
      expect(outcome.problems.map((problem) => problem.field)).toEqual([
        'allocations[0].amountMinor',
        'allocations[1].invoiceId',
        'allocations[3].invoiceId',
        'allocations',
      ]);
    });
  });

  describe('drawCredit', () => {
    it('takes credit from the oldest payment first and splits a target across payments', () => {
      expect(
        drawCredit(
          [
            { paymentId: 'p1', availableMinor: 300 },
            { paymentId: 'p2', availableMinor: 1000 },
          ],
          [
            { invoiceId: 'a', amountMinor: 500 },
            { invoiceId: null, amountMinor: 200 },
          ],
        ),
      ).toEqual([
        { paymentId: 'p1', invoiceId: 'a', amountMinor: 300 },
        { paymentId: 'p2', invoiceId: 'a', amountMinor: 200 },
        { paymentId: 'p2', invoiceId: null, amountMinor: 200 },
      ]);
    });

    it('throws when asked for more than the credit holds', () => {
      expect(() =>
        drawCredit([{ paymentId: 'p1', availableMinor: 1 }], [{ invoiceId: 'a', amountMinor: 2 }]),
      ).toThrow(/exceed/);
    });
  });

  describe('heldPerInvoice', () => {
    it('nets a payment’s allocations per invoice and ignores refunds', () => {
      expect(
        heldPerInvoice([
          { invoiceId: 'a', amountMinor: 500 },
          { invoiceId: 'b', amountMinor: 100 },
          { invoiceId: 'a', amountMinor: 250 },
          { invoiceId: null, amountMinor: 40 },
          { invoiceId: 'b', amountMinor: -100 },
        ]),
      ).toEqual([{ invoiceId: 'a', amountMinor: 750 }]);
    });
  });

  describe('paymentStatus', () => {
    it('derives issued → partially paid → paid, and credited when credit notes cover it', () => {
      expect(paymentStatus(10000, 0, 0)).toBe('issued');
      expect(paymentStatus(10000, 0, 1)).toBe('partially-paid');
      expect(paymentStatus(10000, 2000, 8000)).toBe('paid');
      expect(paymentStatus(10000, 10000, 0)).toBe('credited');
    });
  });
});
