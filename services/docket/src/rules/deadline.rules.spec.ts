import { CA_CIVIL_V1 } from './data/ca-civil.v1';
import { CA_COURT_HOLIDAYS_V1 } from './data/ca-courts.v1';
import { FRCP_V1 } from './data/frcp.v1';
import { US_FEDERAL_HOLIDAYS_V1 } from './data/us-federal.v1';
import { CourtCalendar, type ClosureDay } from './court-calendar';
import {
  checkRuleSet,
  computeDeadline,
  DeadlineComputationError,
  planDeadlines,
  type DeadlineRuleDefinition,
  type RuleSetDefinition,
} from './deadline.rules';

const federal = (closures: ClosureDay[] = []): CourtCalendar =>
  new CourtCalendar(US_FEDERAL_HOLIDAYS_V1, closures);
const california = new CourtCalendar(CA_COURT_HOLIDAYS_V1);

function ruleOf(ruleSet: RuleSetDefinition, code: string): DeadlineRuleDefinition {
  const rule = ruleSet.rules.find((candidate) => candidate.code === code);
  if (!rule) throw new Error(`no rule ${code}`);
  return rule;
}

function frcp(code: string, triggerDate: string, serviceMethod?: string, calendar = federal()) {
  return computeDeadline({
    ruleSet: FRCP_V1,
    rule: ruleOf(FRCP_V1, code),
    triggerDate,
    triggerLabel: 'the trigger',
    calendar,
    ...(serviceMethod ? { serviceMethod } : {}),
  });
}

function ca(code: string, triggerDate: string, serviceMethod?: string) {
  return computeDeadline({
    ruleSet: CA_CIVIL_V1,
    rule: ruleOf(CA_CIVIL_V1, code),
    triggerDate,
    triggerLabel: 'the trigger',
    calendar: california,
    ...(serviceMethod ? { serviceMethod } : {}),
  });
}

const texts = (result: { explanation: Array<{ text: string }> }): string[] =>
  result.explanation.map((line) => line.text);

describe('computeDeadline under FRCP 6(a)', () => {
  it('counts 21 days after service, excluding the trigger day, when day 21 is a weekday', () => {
    // Served Wednesday 4 March 2026: day 1 is Thursday 5 March, day 21 Wednesday 25 March.
    const result = frcp('frcp-answer', '2026-03-04');
    expect(result.dueDate).toBe('2026-03-25');
    expect(texts(result)).toEqual(
      expect.arrayContaining([
        'Trigger: the trigger on Wednesday 2026-03-04.',
        'The trigger day is excluded; day 1 is Thursday 2026-03-05, and every day counts, weekends and holidays included.',
        'Day 21 is Wednesday 2026-03-25.',
        'Last day to act: Wednesday 2026-03-25.',
      ]),
    );
    expect(texts(result)[1]).toContain('FRCP 12(a)(1)(A)(i)');
  });

  it('runs a last day on a Saturday forward to Monday, naming each skipped day', () => {
    // Served Saturday 7 March 2026: day 21 is Saturday 28 March → Monday 30 March.
    const result = frcp('frcp-answer', '2026-03-07');
    expect(result.dueDate).toBe('2026-03-30');
    expect(texts(result)).toEqual(
      expect.arrayContaining([
        'Saturday 2026-03-28 is closed (Saturday).',
        'Sunday 2026-03-29 is closed (Sunday).',
      ]),
    );
  });

  it('runs a last day on Thanksgiving to the Friday after (a federal court day)', () => {
    // Interrogatories served by hand Tuesday 27 October 2026: day 30 is Thursday 26 November.
    const result = frcp('frcp-interrogatory-responses', '2026-10-27', 'personal');
    expect(result.dueDate).toBe('2026-11-27');
    expect(texts(result)).toContain('Thursday 2026-11-26 is closed (legal holiday: Thanksgiving Day).');
  });

  it('adds Rule 6(d)’s 3 days after the rolled period for mail: Thanksgiving → Friday → Monday 30 November', () => {
    const result = frcp('frcp-interrogatory-responses', '2026-10-27', 'mail');
    expect(result.dueDate).toBe('2026-11-30');
    expect(texts(result)).toContain(
      'Service by mail (Rule 5(b)(2)(C)): 3 days are added after the period would otherwise expire (FRCP 6(d)), every day counted: Friday 2026-11-27 → Monday 2026-11-30.',
    );
  });

  it('re-checks the day after the 3 mail days: Saturday 4 April → Monday 6 April', () => {
    // Served by mail Monday 2 March 2026: day 30 is Wednesday 1 April, +3 is Saturday 4 April.
    const result = frcp('frcp-document-responses', '2026-03-02', 'mail');
    expect(result.dueDate).toBe('2026-04-06');
    expect(texts(result)).toContain('Saturday 2026-04-04 is closed (Saturday).');
  });

  it('rolls a Saturday day 30 to Monday first, then adds the 3 mail days: Thursday (2005 committee note)', () => {
    // Served by mail Thursday 5 March 2026: day 30 is Saturday 4 April → Monday 6 April → +3 Thursday 9 April.
    const result = frcp('frcp-interrogatory-responses', '2026-03-05', 'mail');
    expect(result.dueDate).toBe('2026-04-09');
    expect(result.explanation.map((line) => line.step)).toEqual([
      'trigger',
      'rule',
      'calendar',
      'count',
      'count',
      'skip',
      'skip',
      'roll',
      'extension',
      'result',
    ]);
  });

  it('adds nothing for electronic service (since the 2016 amendment of Rule 6(d))', () => {
    expect(frcp('frcp-document-responses', '2026-03-02', 'electronic').dueDate).toBe('2026-04-01');
  });

  it('adds nothing to the answer period when the summons was mailed (Rule 6(d) covers Rule 5 service only)', () => {
    const result = frcp('frcp-answer', '2026-03-04', 'mail');
    expect(result.dueDate).toBe('2026-03-25');
    expect(texts(result).join('\n')).toContain('no extension applies');
  });

  it('skips an observed holiday and the weekend after it: Rule 59 motion landing on Friday 3 July 2026', () => {
    // Judgment entered Friday 5 June 2026: day 28 is Friday 3 July, Independence Day observed.
    const result = frcp('frcp-new-trial-motion', '2026-06-05');
    expect(result.dueDate).toBe('2026-07-06');
    expect(texts(result)).toEqual(
      expect.arrayContaining([
        'Friday 2026-07-03 is closed (legal holiday: Independence Day (observed; falls on Saturday 2026-07-04)).',
        'Saturday 2026-07-04 is closed (Saturday).',
        'Sunday 2026-07-05 is closed (Sunday).',
      ]),
    );
  });

  it('crosses the year end: day 30 on Friday 31 December 2021 (New Year observed) → Monday 3 January 2022', () => {
    expect(frcp('frcp-interrogatory-responses', '2021-12-01', 'personal').dueDate).toBe('2022-01-03');
  });

  it('treats a day the firm declared the clerk’s office inaccessible like a holiday (notice of appeal)', () => {
    // Judgment entered Tuesday 24 November 2026: day 30 is Thursday 24 December.
    expect(frcp('frap-notice-of-appeal', '2026-11-24').dueDate).toBe('2026-12-24');
    const closed = frcp(
      'frap-notice-of-appeal',
      '2026-11-24',
      undefined,
      federal([{ date: '2026-12-24', reason: 'e-filing outage' }]),
    );
    expect(closed.dueDate).toBe('2026-12-28');
    expect(texts(closed)).toEqual(
      expect.arrayContaining([
        "Thursday 2026-12-24 is closed (clerk's office inaccessible: e-filing outage).",
        'Friday 2026-12-25 is closed (legal holiday: Christmas Day).',
      ]),
    );
  });

  it('counts a period before an event backward and runs a closed last day backward (Rule 26(f) before MLK Day)', () => {
    // Scheduling conference Monday 9 February 2026: 21 days before is Monday 19 January, MLK Day → Friday 16 January.
    const result = frcp('frcp-26f-conference', '2026-02-09');
    expect(result.dueDate).toBe('2026-01-16');
    expect(texts(result)).toContain(
      'The trigger day is excluded; day 1 is Sunday 2026-02-08, and every day counts, weekends and holidays included.',
    );
    expect(texts(result).join('\n')).toContain('runs backward to Friday 2026-01-16, the previous day');
  });

  it.each([
    ['frcp-answer-waived', '2026-03-02', '2026-05-01'],
    ['frcp-answer-waived-abroad', '2026-03-02', '2026-06-01'], // day 90 is Sunday 31 May
    ['frcp-reply-counterclaim', '2026-03-02', '2026-03-23'],
    ['frcp-admission-responses', '2026-03-02', '2026-04-01'],
    ['frcp-summary-judgment', '2026-03-02', '2026-04-01'],
    ['frcp-alter-judgment-motion', '2026-03-02', '2026-03-30'],
    ['frap-notice-of-appeal', '2026-03-02', '2026-04-01'],
  ])('computes %s from %s as %s', (code, trigger, due) => {
    expect(frcp(code, trigger).dueDate).toBe(due);
  });

  it('counts hours from the trigger time and runs a weekend end to the same time on Monday (6(a)(2))', () => {
    const rule: DeadlineRuleDefinition = {
      code: 'hours',
      name: '48-hour period',
      citation: 'test',
      triggerEvent: 'complaint-served',
      period: { amount: 48, unit: 'hours' },
      direction: 'after',
      serviceExtension: false,
    };
    const result = computeDeadline({
      ruleSet: FRCP_V1,
      rule,
      triggerDate: '2026-11-27',
      triggerTime: '20:00',
      triggerLabel: 'order entered',
      calendar: federal(),
    });
    expect(result).toMatchObject({ dueDate: '2026-11-30', dueTime: '20:00' });
    expect(() =>
      computeDeadline({
        ruleSet: FRCP_V1,
        rule,
        triggerDate: '2026-11-27',
        triggerLabel: 'x',
        calendar: federal(),
      }),
    ).toThrow(DeadlineComputationError);
  });

  it.each([
    ['2027-11-24', '2027-12-27', 'Christmas 2027 (a Saturday) observed on Friday 24 December'],
    ['2027-12-01', '2028-01-03', 'New Year 2028 (a Saturday) observed on Friday 31 December 2027'],
    ['2028-02-01', '2028-03-02', 'a leap February'],
  ])('counts 30 days from %s to %s across %s', (trigger, due) => {
    expect(frcp('frcp-admission-responses', trigger, 'personal').dueDate).toBe(due);
  });

  it('runs an hours period ending on Thanksgiving to the same time on Friday', () => {
    const result = computeDeadline({
      ruleSet: FRCP_V1,
      rule: {
        code: 'hours',
        name: '24-hour period',
        citation: 'test',
        triggerEvent: 'complaint-served',
        period: { amount: 24, unit: 'hours' },
        direction: 'after',
        serviceExtension: false,
      },
      triggerDate: '2026-11-25',
      triggerTime: '10:15',
      triggerLabel: 'order entered',
      calendar: federal(),
    });
    expect(result).toMatchObject({ dueDate: '2026-11-27', dueTime: '10:15' });
    expect(texts(result)).toContain('Thursday 2026-11-26 is closed (legal holiday: Thanksgiving Day).');
  });

  it('refuses a service method the rule set does not know', () => {
    expect(() => frcp('frcp-document-responses', '2026-03-02', 'carrier-pigeon')).toThrow(
      DeadlineComputationError,
    );
  });
});

describe('planDeadlines', () => {
  it('chains the 26(f) report and initial disclosures 14 days after the computed conference deadline', () => {
    const planned = planDeadlines({
      ruleSet: FRCP_V1,
      triggerEvent: 'scheduling-conference',
      triggerDate: '2026-02-09',
      calendar: federal(),
    });
    expect(planned.map((deadline) => [deadline.ruleCode, deadline.dueDate, deadline.parentRuleCode])).toEqual(
      [
        ['frcp-26f-conference', '2026-01-16', undefined],
        ['frcp-26f-report', '2026-01-30', 'frcp-26f-conference'],
        ['frcp-initial-disclosures', '2026-01-30', 'frcp-26f-conference'],
      ],
    );
    expect(planned[2]!.explanation[0]!.text).toBe(
      'Trigger: Rule 26(f) discovery conference held by (computed deadline) on Friday 2026-01-16.',
    );
  });

  it('chains from the date a lawyer set by hand on the parent deadline', () => {
    const planned = planDeadlines({
      ruleSet: FRCP_V1,
      triggerEvent: 'scheduling-conference',
      triggerDate: '2026-02-09',
      calendar: federal(),
      fixedDates: new Map([['frcp-26f-conference', '2026-01-12']]),
    });
    expect(planned.find((deadline) => deadline.ruleCode === 'frcp-initial-disclosures')?.dueDate).toBe(
      '2026-01-26',
    );
  });

  it('starts every rule of the event: judgment entered gives Rule 59(b), 59(e) and the notice of appeal', () => {
    const planned = planDeadlines({
      ruleSet: FRCP_V1,
      triggerEvent: 'judgment-entered',
      triggerDate: '2026-06-05',
      calendar: federal(),
    });
    expect(planned.map((deadline) => [deadline.ruleCode, deadline.dueDate])).toEqual([
      ['frcp-new-trial-motion', '2026-07-06'],
      ['frcp-alter-judgment-motion', '2026-07-06'],
      ['frap-notice-of-appeal', '2026-07-06'],
    ]);
  });

  it('refuses an event the rule set does not have', () => {
    expect(() =>
      planDeadlines({
        ruleSet: FRCP_V1,
        triggerEvent: 'nope',
        triggerDate: '2026-01-01',
        calendar: federal(),
      }),
    ).toThrow(DeadlineComputationError);
  });
});

describe('computeDeadline under Cal. Code Civ. Proc. §§ 12, 12a, 1005, 1013', () => {
  it('answer 30 days after service; the day after Thanksgiving is a court holiday in California', () => {
    // Served Wednesday 28 October 2026: day 30 is Friday 27 November → Monday 30 November.
    const result = ca('ca-answer', '2026-10-28');
    expect(result.dueDate).toBe('2026-11-30');
    expect(texts(result)).toContain('Friday 2026-11-27 is closed (legal holiday: Day after Thanksgiving).');
  });

  it('adds the 5 days of CCP 1013(a) to the period itself, then checks the last day once', () => {
    // Mailed in California Monday 19 October 2026: 35 days → Monday 23 November.
    expect(ca('ca-interrogatory-responses', '2026-10-19', 'mail-in-state').dueDate).toBe('2026-11-23');
    // Mailed Friday 23 October: day 35 is Friday 27 November (holiday) → Monday 30 November.
    const result = ca('ca-interrogatory-responses', '2026-10-23', 'mail-in-state');
    expect(result.dueDate).toBe('2026-11-30');
    expect(texts(result)).toContain(
      'Service by mail within California extends the period by 5 days (Cal. Code Civ. Proc. § 1013(a)): 35 days in all.',
    );
    expect(ca('ca-interrogatory-responses', '2026-10-19', 'mail-outside-us').dueDate).toBe('2026-12-08');
  });

  it('runs the 2 court days of electronic service on from day 30 itself, not from the rolled day (CCP 1010.6)', () => {
    // Served electronically Thursday 1 October 2026: day 30 is Saturday 31 October; court days
    // Monday 2 and Tuesday 3 November → Tuesday 3 November (rolling to Monday first would give Wednesday).
    const result = ca('ca-interrogatory-responses', '2026-10-01', 'electronic');
    expect(result.dueDate).toBe('2026-11-03');
    expect(texts(result)).toContain('Court day 2 is Tuesday 2026-11-03.');
  });

  it('counts 16 court days back from a hearing, skipping weekends, Thanksgiving,, the day after and Veterans Day', () => {
    // Hearing Monday 7 December 2026.
    const result = ca('ca-motion-notice', '2026-12-07', 'personal');
    expect(result.dueDate).toBe('2026-11-10');
    const skipped = result.explanation.filter((line) => line.step === 'skip').map((line) => line.date);
    expect(skipped).toEqual([
      '2026-12-06',
      '2026-12-05',
      '2026-11-29',
      '2026-11-28',
      '2026-11-27',
      '2026-11-26',
      '2026-11-22',
      '2026-11-21',
      '2026-11-15',
      '2026-11-14',
      '2026-11-11',
    ]);
    expect(texts(result)).toContain('Court day 16 is Tuesday 2026-11-10.');
  });

  it('gives opposition 9 and reply 5 court days before the hearing', () => {
    expect(ca('ca-motion-opposition', '2026-12-07').dueDate).toBe('2026-11-20');
    expect(ca('ca-motion-reply', '2026-12-07').dueDate).toBe('2026-11-30');
  });

  it('moves moving papers further back for mail (+5 calendar days), e-service (+2 court days) and fax (+2 days, §1005(b))', () => {
    const mailed = ca('ca-motion-notice', '2026-12-07', 'mail-in-state');
    expect(mailed.dueDate).toBe('2026-11-05');
    expect(texts(mailed)).toContain(
      'Service by mail within California: the period is lengthened by 5 days, counted backward (Cal. Code Civ. Proc. § 1005(b)), every day counted: Tuesday 2026-11-10 → Thursday 2026-11-05.',
    );
    expect(ca('ca-motion-notice', '2026-12-07', 'electronic').dueDate).toBe('2026-11-06');
    // 2 calendar days before Tuesday 10 November is Sunday 8 November → back to Friday 6 November.
    expect(ca('ca-motion-notice', '2026-12-07', 'fax').dueDate).toBe('2026-11-06');
  });
});

describe('checkRuleSet', () => {
  it('accepts the shipped rule sets', () => {
    expect(checkRuleSet(FRCP_V1)).toEqual([]);
    expect(checkRuleSet(CA_CIVIL_V1)).toEqual([]);
  });

  it('finds chains to nowhere, loops and rules with two triggers', () => {
    const broken: RuleSetDefinition = {
      ...FRCP_V1,
      rules: [
        { ...ruleOf(FRCP_V1, 'frcp-answer'), triggerRule: 'frcp-answer' },
        { ...ruleOf(FRCP_V1, 'frcp-26f-report'), code: 'a', triggerRule: 'b' },
        { ...ruleOf(FRCP_V1, 'frcp-26f-report'), code: 'b', triggerRule: 'a' },
        { ...ruleOf(FRCP_V1, 'frcp-26f-report'), code: 'c', triggerRule: 'missing' },
      ],
    };
    const problems = checkRuleSet(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'frcp-answer: needs exactly one of triggerEvent and triggerRule',
        'a: chain loops',
        'c: chains to unknown rule missing',
      ]),
    );
  });
});
