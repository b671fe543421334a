import { lateCharge, type LateChargeInvoice, type LateChargeTerms } from './late-charge.rules';

const interestOnly: LateChargeTerms = { annualRateBp: 1_200, flatFeeMinor: null, graceDays: 0, capBp: null };
const invoice: LateChargeInvoice = {
  principalMinor: 100_000,
  dueDate: '2026-01-31',
  received: [],
  plan: null,
};
const nothingBefore = { interestMinor: 0, totalMinor: 0 };

describe('lateCharge', () => {
  it('charges simple interest actual/365 on the open principal, rounded half-up once', () => {
    // 1,000.00 at 12 % for Feb 1 .. Mar 2 (30 days): 100,000 × 0.12 × 30 / 365 = 986.30 -> 986
    const figures = lateCharge(interestOnly, invoice, '2026-03-02', nothingBefore);
    expect(figures).toMatchObject({
      period: '2026-03',
      interestMinor: 986,
      amountMinor: 986,
      chargeableDays: 30,
    });
    // 18.25 at 10 % for one day is exactly half a cent: half-up gives 1
    const half = lateCharge(
      { ...interestOnly, annualRateBp: 1_000 },
      { ...invoice, principalMinor: 1_825 },
      '2026-02-01',
      nothingBefore,
    );
    expect(half.interestMinor).toBe(1);
  });

  it('lowers the principal from the day a payment is dated, and a reversal raises it again', () => {
    // 14 days (Feb 1-14) on 100,000 + 16 days (Feb 15 - Mar 2) on 60,000 = 2,360,000 principal-days
    // × 0.12 / 365 = 775.89 -> 776
    const paid = { ...invoice, received: [{ on: '2026-02-15', amountMinor: 40_000 }] };
    expect(lateCharge(interestOnly, paid, '2026-03-02', nothingBefore).interestMinor).toBe(776);
    // reversed on Feb 22: 14 days on 100,000, 7 on 60,000, 9 on 100,000 = 2,720,000 -> 894.25 -> 894
    const reversed = {
      ...invoice,
      received: [
        { on: '2026-02-15', amountMinor: 40_000 },
        { on: '2026-02-22', amountMinor: -40_000 },
      ],
    };
    expect(lateCharge(interestOnly, reversed, '2026-03-02', nothingBefore).interestMinor).toBe(894);
  });

  it('accrues nothing during the grace days and counts only the days after them', () => {
    const grace = { ...interestOnly, graceDays: 10, flatFeeMinor: 2_500 };
    expect(lateCharge(grace, invoice, '2026-02-10', nothingBefore)).toMatchObject({
      interestMinor: 0,
      flatFeeMinor: 0,
      amountMinor: 0,
    });
    // Feb 11 .. Mar 2 = 20 days: 100,000 × 0.12 × 20 / 365 = 657.53 -> 658, plus the flat fee
    expect(lateCharge(grace, invoice, '2026-03-02', nothingBefore)).toMatchObject({
      interestMinor: 658,
      flatFeeMinor: 2_500,
      amountMinor: 3_158,
      chargeableDays: 20,
    });
  });

  it('charges a later period only the interest accrued since, never interest on interest', () => {
    // Feb 1 .. Apr 1 = 60 days: 1,972.60 -> 1,973 accrued, 986 charged in March
    const april = lateCharge(interestOnly, invoice, '2026-04-01', { interestMinor: 986, totalMinor: 986 });
    expect(april).toMatchObject({ period: '2026-04', accruedInterestMinor: 1_973, interestMinor: 987 });
  });

  it('stops at the cap on the principal, counting what earlier periods charged', () => {
    const capped = { ...interestOnly, capBp: 500, flatFeeMinor: 2_500 };
    // cap 5 % of 100,000 = 5,000; 4,800 charged before leaves 200. The 986 accrued is below the 2,300
    // already charged as interest, so only the 2,500 fee is left, cut to 200
    const figures = lateCharge(capped, invoice, '2026-03-02', { interestMinor: 2_300, totalMinor: 4_800 });
    expect(figures).toMatchObject({ capMinor: 5_000, capped: true, interestMinor: 0, flatFeeMinor: 200 });
    const reached = lateCharge(capped, invoice, '2026-03-02', { interestMinor: 0, totalMinor: 5_000 });
    expect(reached.amountMinor).toBe(0);
    const fresh = lateCharge(capped, invoice, '2026-03-02', { interestMinor: 0, totalMinor: 4_800 });
    expect(fresh).toMatchObject({ interestMinor: 200, flatFeeMinor: 0, amountMinor: 200 });
  });

  it('charges nothing on the part a payment-plan instalment not yet due covers', () => {
    const planned: LateChargeInvoice = {
      ...invoice,
      plan: {
        agreedOn: '2026-01-20',
        paidBeforeMinor: 0,
        instalments: [
          { dueOn: '2026-02-10', amountMinor: 50_000 },
          { dueOn: '2026-03-10', amountMinor: 50_000 },
        ],
      },
    };
    // Feb 1-10 both instalments are not yet due (nothing chargeable); Feb 11 - Mar 2 (20 days) the first
    // one's 50,000 is: 50,000 × 0.12 × 20 / 365 = 328.77 -> 329
    expect(lateCharge(interestOnly, planned, '2026-03-02', nothingBefore)).toMatchObject({
      interestMinor: 329,
      chargeablePrincipalMinor: 50_000,
      chargeableDays: 20,
    });
    // paid the first instalment on Feb 11: nothing left that is overdue
    const kept = { ...planned, received: [{ on: '2026-02-11', amountMinor: 50_000 }] };
    expect(lateCharge(interestOnly, kept, '2026-03-02', nothingBefore).amountMinor).toBe(0);
  });
});
