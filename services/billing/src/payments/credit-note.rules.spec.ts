import { decideCreditNote, releaseFromPayments } from './credit-note.rules';

const PARTLY_PAID = { totalMinor: 30000, creditedMinor: 0, paidMinor: 20000 };

describe('credit-note.rules', () => {
  describe('decideCreditNote', () => {
    it('credits up to the open amount of an unpaid invoice', () => {
      expect(
        decideCreditNote({ totalMinor: 30000, creditedMinor: 5000, paidMinor: 0 }, 25000, false),
      ).toEqual({
        outcome: 'credit',
        amountMinor: 25000,
        releasedMinor: 0,
      });
    });

    it('refuses more than is open on a partly paid invoice', () => {
      expect(decideCreditNote(PARTLY_PAID, 10001, false)).toEqual({
        outcome: 'exceeds-open',
        openMinor: 10000,
        creditableMinor: 30000,
      });
    });

    it('takes what is open when no amount is given', () => {
      expect(decideCreditNote(PARTLY_PAID, undefined, false)).toEqual({
        outcome: 'credit',
        amountMinor: 10000,
        releasedMinor: 0,
      });
    });

    it('refuses to credit a paid invoice unless paid money is to become client credit', () => {
      const paid = { totalMinor: 30000, creditedMinor: 0, paidMinor: 30000 };
      expect(decideCreditNote(paid, undefined, false)).toMatchObject({
        outcome: 'exceeds-open',
        openMinor: 0,
      });
      expect(decideCreditNote(paid, 1, false)).toMatchObject({ outcome: 'exceeds-open' });
      expect(decideCreditNote(paid, 12000, true)).toEqual({
        outcome: 'credit',
        amountMinor: 12000,
        releasedMinor: 12000,
      });
    });

    it('releases only the part beyond the open amount, and never more than was billed and not credited', () => {
      expect(decideCreditNote(PARTLY_PAID, 25000, true)).toEqual({
        outcome: 'credit',
        amountMinor: 25000,
        releasedMinor: 15000,
      });
      expect(decideCreditNote(PARTLY_PAID, undefined, true)).toEqual({
        outcome: 'credit',
        amountMinor: 30000,
        releasedMinor: 20000,
      });
      expect(decideCreditNote(PARTLY_PAID, 30001, true)).toMatchObject({ outcome: 'exceeds-open' });
    });
  });

  describe('releaseFromPayments', () => {
    const held = [
      { paymentId: 'first', heldMinor: 8000 },
      { paymentId: 'second', heldMinor: 5000 },
    ];

    it('gives back the latest payment first', () => {
      expect(releaseFromPayments(held, 3000)).toEqual([{ paymentId: 'second', amountMinor: 3000 }]);
      expect(releaseFromPayments(held, 9000)).toEqual([
        { paymentId: 'second', amountMinor: 5000 },
        { paymentId: 'first', amountMinor: 4000 },
      ]);
    });

    it('skips a payment that no longer holds money on the invoice (a reversed one nets to zero)', () => {
      expect(releaseFromPayments([...held, { paymentId: 'bounced', heldMinor: 0 }], 1000)).toEqual([
        { paymentId: 'second', amountMinor: 1000 },
      ]);
    });

    it('fails loudly when the payments hold less than asked', () => {
      expect(() => releaseFromPayments(held, 13001)).toThrow('hold 13000 of 13001');
    });
  });
});
