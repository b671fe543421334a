import type { RuleSetDefinition } from '../deadline.rules';

const noticeExtension = (amount: number) =>
  ({ amount, unit: 'days', citation: 'Cal. Code Civ. Proc. § 1005(b)' }) as const;

/**
 * California civil procedure, core set. Periods are computed under Code Civ. Proc. §§ 12, 12a
 * (exclude the first day, include the last, and a last day that is a holiday — Saturdays and
 * Sundays included — moves to the next day that is not); § 1013 extends a period that runs from
 * service of a paper, the extra days being part of the period. Motion papers count court days
 * back from the hearing (§ 1005(b)). Frozen once released: a change is a new version.
 */
export const CA_CIVIL_V1: RuleSetDefinition = {
  id: 'ca-civil',
  version: 1,
  name: 'California Code of Civil Procedure (core)',
  jurisdiction: 'US-CA',
  effectiveFrom: '2020-01-01',
  countingCitation: 'Cal. Code Civ. Proc. §§ 12, 12a, 12b',
  holidayCalendar: { id: 'ca-courts', version: 1 },
  extensionMode: 'extends-period',
  triggerEvents: [
    { code: 'summons-served', name: 'Service of summons and complaint complete' },
    { code: 'interrogatories-served', name: 'Interrogatories served' },
    { code: 'inspection-demands-served', name: 'Demands for inspection and production served' },
    { code: 'admission-requests-served', name: 'Requests for admission served' },
    { code: 'motion-hearing', name: 'Motion hearing' },
  ],
  serviceMethods: [
    { code: 'personal', name: 'personal delivery (CCP 1011)' },
    {
      code: 'mail-in-state',
      name: 'mail within California',
      extension: { amount: 5, unit: 'days', citation: 'Cal. Code Civ. Proc. § 1013(a)' },
    },
    {
      code: 'mail-out-of-state',
      name: 'mail to an address outside California but in the US',
      extension: { amount: 10, unit: 'days', citation: 'Cal. Code Civ. Proc. § 1013(a)' },
    },
    {
      code: 'mail-outside-us',
      name: 'mail to an address outside the US',
      extension: { amount: 20, unit: 'days', citation: 'Cal. Code Civ. Proc. § 1013(a)' },
    },
    {
      code: 'overnight',
      name: 'express mail or overnight delivery',
      extension: { amount: 2, unit: 'court-days', citation: 'Cal. Code Civ. Proc. § 1013(c)' },
    },
    {
      code: 'fax',
      name: 'facsimile transmission',
      extension: { amount: 2, unit: 'court-days', citation: 'Cal. Code Civ. Proc. § 1013(e)' },
    },
    {
      code: 'electronic',
      name: 'electronic service',
      extension: { amount: 2, unit: 'court-days', citation: 'Cal. Code Civ. Proc. § 1010.6(a)(3)(B)' },
    },
  ],
  rules: [
    {
      code: 'ca-answer',
      name: 'Response to complaint due',
      citation: 'Cal. Code Civ. Proc. § 412.20(a)(3)',
      triggerEvent: 'summons-served',
      period: { amount: 30, unit: 'days' },
      direction: 'after',
      // Service of summons has its own completion rules (§§ 415.10–415.40); § 1013 does not apply.
      serviceExtension: false,
    },
    {
      code: 'ca-interrogatory-responses',
      name: 'Responses to interrogatories due',
      citation: 'Cal. Code Civ. Proc. § 2030.260(a)',
      triggerEvent: 'interrogatories-served',
      period: { amount: 30, unit: 'days' },
      direction: 'after',
      serviceExtension: true,
    },
    {
      code: 'ca-inspection-responses',
      name: 'Responses to inspection demands due',
      citation: 'Cal. Code Civ. Proc. § 2031.260(a)',
      triggerEvent: 'inspection-demands-served',
      period: { amount: 30, unit: 'days' },
      direction: 'after',
      serviceExtension: true,
    },
    {
      code: 'ca-admission-responses',
      name: 'Responses to requests for admission due',
      citation: 'Cal. Code Civ. Proc. § 2033.250(a)',
      triggerEvent: 'admission-requests-served',
      period: { amount: 30, unit: 'days' },
      direction: 'after',
      serviceExtension: true,
    },
    {
      code: 'ca-motion-notice',
      name: 'Moving papers served and filed by',
      citation: 'Cal. Code Civ. Proc. § 1005(b)',
      triggerEvent: 'motion-hearing',
      period: { amount: 16, unit: 'court-days' },
      direction: 'before',
      serviceExtension: true,
      // § 1005(b) itself lengthens the notice period: mail +5/+10/+20 days, fax or overnight +2 calendar days.
      extensionOverrides: {
        'mail-in-state': noticeExtension(5),
        'mail-out-of-state': noticeExtension(10),
        'mail-outside-us': noticeExtension(20),
        fax: noticeExtension(2),
        overnight: noticeExtension(2),
      },
    },
    {
      code: 'ca-motion-opposition',
      name: 'Opposition papers due',
      citation: 'Cal. Code Civ. Proc. § 1005(b)',
      triggerEvent: 'motion-hearing',
      period: { amount: 9, unit: 'court-days' },
      direction: 'before',
      serviceExtension: false,
    },
    {
      code: 'ca-motion-reply',
      name: 'Reply papers due',
      citation: 'Cal. Code Civ. Proc. § 1005(b)',
      triggerEvent: 'motion-hearing',
      period: { amount: 5, unit: 'court-days' },
      direction: 'before',
      serviceExtension: false,
    },
  ],
};
