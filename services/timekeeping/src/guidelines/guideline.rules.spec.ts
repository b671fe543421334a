import { billedTenthsFor } from '@lawfirm/primitives';
import { ALLOWED_INCREMENT_MINUTES, evaluateEntry } from './guideline.rules';
import { evaluateEntry as evaluateEntryFromService } from './guideline.service';
import type { CurrentGuideline, EntryForEvaluation, GuidelineMode, GuidelineRules } from './guideline.types';

function guideline(rules: GuidelineRules, mode: GuidelineMode = 'warn', version = 3): CurrentGuideline {
  return { clientId: 'client-1', version, mode, rules };
}

function entry(overrides: Partial<EntryForEvaluation> = {}): EntryForEvaluation {
  return {
    clientId: 'client-1',
    timekeeperId: 'tk-partner',
    workDate: '2026-11-20',
    minutes: 60,
    narrative: 'Drafted motion to compel production of the 2024 board minutes.',
    taskCode: 'L350',
    activityCode: 'A103',
    ...overrides,
  };
}

function rulesFired(
  rules: GuidelineRules,
  overrides: Partial<EntryForEvaluation> = {},
  minutesSameDay = 0,
): string[] {
  return evaluateEntry(guideline(rules), entry(overrides), minutesSameDay).violations.map(
    (violation) => violation.rule,
  );
}

describe('evaluateEntry', () => {
  it('bills in tenths with no findings when the client has no guideline', () => {
    expect(evaluateEntry(null, entry({ narrative: 'x', taskCode: null }), 2000)).toEqual({
      version: null,
      mode: null,
      incrementMinutes: 6,
      violations: [],
    });
  });

  it('is the function the service module exports for the bulk paths', () => {
    expect(evaluateEntryFromService).toBe(evaluateEntry);
  });

  it('reports the version and mode it applied, and finds nothing in an entry that keeps every rule', () => {
    const everyRule: GuidelineRules = {
      minIncrementMinutes: 15,
      maxHoursPerDay: 10,
      requireTaskCode: true,
      forbidBlockBilling: true,
      approvedTimekeeperIds: ['tk-partner'],
      clericalPhrases: ['scheduled'],
      minNarrativeLength: 20,
    };
    expect(evaluateEntry(guideline(everyRule, 'block', 7), entry(), 120)).toEqual({
      version: 7,
      mode: 'block',
      incrementMinutes: 15,
      violations: [],
    });
  });

  it('marks findings as warnings under a warn guideline and as blocking under a block guideline', () => {
    const rules = { requireTaskCode: true };
    expect(evaluateEntry(guideline(rules, 'warn'), entry({ taskCode: null }), 0).violations).toEqual([
      expect.objectContaining({ rule: 'task-code-required', severity: 'warning' }),
    ]);
    expect(evaluateEntry(guideline(rules, 'block'), entry({ taskCode: null }), 0).violations).toEqual([
      expect.objectContaining({ rule: 'task-code-required', severity: 'blocking' }),
    ]);
  });

  it('reports every rule an entry breaks, not only the first', () => {
    const fired = rulesFired(
      {
        maxHoursPerDay: 1,
        requireTaskCode: true,
        forbidBlockBilling: true,
        approvedTimekeeperIds: ['someone-else'],
        clericalPhrases: ['called'],
        minNarrativeLength: 200,
      },
      { taskCode: null, narrative: 'Drafted motion; called client; reviewed docs' },
      30,
    );
    expect(fired).toEqual([
      'max-hours-per-day',
      'task-code-required',
      'block-billing',
      'approved-timekeepers-only',
      'clerical-work',
      'narrative-min-length',
    ]);
  });

  describe('max-hours-per-day', () => {
    it("fires when the day's earlier time for the client plus this entry passes the cap", () => {
      const result = evaluateEntry(guideline({ maxHoursPerDay: 8 }), entry({ minutes: 90 }), 420);
      expect(result.violations).toEqual([
        {
          rule: 'max-hours-per-day',
          severity: 'warning',
          message:
            "This entry brings the timekeeper's time for this client on 2026-11-20 to 8.5 hours (7 hours already recorded that day); " +
            "the client's guidelines allow at most 8 hours per timekeeper per day.",
        },
      ]);
    });

    it('does not fire when the day reaches the cap exactly', () => {
      expect(rulesFired({ maxHoursPerDay: 8 }, { minutes: 60 }, 420)).toEqual([]);
    });

    it('fires for a single entry longer than the cap with nothing else that day', () => {
      expect(rulesFired({ maxHoursPerDay: 0.5 }, { minutes: 31 }, 0)).toEqual(['max-hours-per-day']);
    });

    it('does not fire when the guideline sets no cap, however long the day', () => {
      expect(rulesFired({}, { minutes: 1440 }, 1440)).toEqual([]);
    });
  });

  describe('task-code-required', () => {
    it.each([
      [null, 'The entry has no UTBMS task code'],
      ['', 'The entry has no UTBMS task code'],
      ['L999', 'L999 is not a UTBMS litigation task code'],
      ['L100', 'L100 is a UTBMS phase, not a task'],
    ])('fires for task code %p', (taskCode, start) => {
      const [violation] = evaluateEntry(
        guideline({ requireTaskCode: true }),
        entry({ taskCode }),
        0,
      ).violations;
      expect(violation?.rule).toBe('task-code-required');
      expect(violation?.message).toMatch(new RegExp(`^${start}; the client requires a task code`));
    });

    it('does not fire for a task code from the litigation code set', () => {
      expect(rulesFired({ requireTaskCode: true }, { taskCode: 'L120' })).toEqual([]);
    });

    it('does not fire for a missing code when the guideline does not require one', () => {
      expect(rulesFired({ requireTaskCode: false }, { taskCode: null })).toEqual([]);
    });
  });

  describe('block-billing', () => {
    it('fires for a narrative of several tasks and quotes them', () => {
      const [violation] = evaluateEntry(
        guideline({ forbidBlockBilling: true }),
        entry({ narrative: 'Drafted motion; called client; reviewed docs' }),
        0,
      ).violations;
      expect(violation?.rule).toBe('block-billing');
      expect(violation?.message).toContain('"Drafted motion", "called client", "reviewed docs"');
      expect(violation?.message).toContain('record each task as its own entry');
    });

    it('does not fire for one task described with two verbs', () => {
      expect(
        rulesFired({ forbidBlockBilling: true }, { narrative: 'Reviewed and revised the motion' }),
      ).toEqual([]);
    });

    it('does not fire when the guideline allows block billing', () => {
      expect(
        rulesFired(
          { forbidBlockBilling: false },
          { narrative: 'Drafted motion; called client; reviewed docs' },
        ),
      ).toEqual([]);
    });
  });

  describe('approved-timekeepers-only', () => {
    it('fires for a timekeeper not on the list', () => {
      const [violation] = evaluateEntry(
        guideline({ approvedTimekeeperIds: ['tk-associate'] }),
        entry({ timekeeperId: 'tk-summer' }),
        0,
      ).violations;
      expect(violation).toMatchObject({ rule: 'approved-timekeepers-only' });
      expect(violation?.message).toContain(
        "Timekeeper tk-summer is not on the client's list of approved timekeepers",
      );
    });

    it('does not fire for a timekeeper on the list', () => {
      expect(
        rulesFired({ approvedTimekeeperIds: ['tk-associate', 'tk-partner'] }, { timekeeperId: 'tk-partner' }),
      ).toEqual([]);
    });

    it('does not fire when the guideline has no list', () => {
      expect(rulesFired({}, { timekeeperId: 'anyone' })).toEqual([]);
    });
  });

  describe('clerical-work', () => {
    it('fires when the narrative contains a configured phrase, whatever the case and spacing', () => {
      const [violation] = evaluateEntry(
        guideline({ clericalPhrases: ['organized  files', 'photocop'] }),
        entry({ narrative: 'ORGANIZED FILES for trial and Photocopied exhibits' }),
        0,
      ).violations;
      expect(violation?.rule).toBe('clerical-work');
      expect(violation?.message).toContain('"organized  files", "photocop"');
    });

    it('does not fire when no configured phrase occurs', () => {
      expect(
        rulesFired(
          { clericalPhrases: ['scheduled', 'bates'] },
          { narrative: 'Analyzed expert report on damages model' },
        ),
      ).toEqual([]);
    });

    it('does not fire for a phrase hidden inside another word', () => {
      expect(
        rulesFired(
          { clericalPhrases: ['fax'] },
          { narrative: 'Drafted complaint for filing in Fairfax County' },
        ),
      ).toEqual([]);
    });
  });

  describe('narrative-min-length', () => {
    it('fires for a narrative shorter than the minimum, counting trimmed text', () => {
      const [violation] = evaluateEntry(
        guideline({ minNarrativeLength: 20 }),
        entry({ narrative: '   Research   ' }),
        0,
      ).violations;
      expect(violation).toMatchObject({ rule: 'narrative-min-length' });
      expect(violation?.message).toContain('The narrative has 8 characters; the client requires at least 20');
    });

    it('does not fire for a narrative exactly at the minimum', () => {
      expect(rulesFired({ minNarrativeLength: 8 }, { narrative: 'Research' })).toEqual([]);
    });

    it('does not fire when the minimum is 0', () => {
      expect(rulesFired({ minNarrativeLength: 0 }, { narrative: 'x' })).toEqual([]);
    });
  });

  describe('increment', () => {
    it('takes the increment from the guideline, else bills in tenths', () => {
      expect(evaluateEntry(guideline({ minIncrementMinutes: 15 }), entry(), 0).incrementMinutes).toBe(15);
      expect(evaluateEntry(guideline({}), entry(), 0).incrementMinutes).toBe(6);
    });

    it.each([
      // minutes, increment, billed tenths
      [7, 6, 2],
      [7, 12, 2],
      [13, 12, 4],
      [61, 30, 15],
      [1, 60, 10],
      [60, 60, 10],
      [7, 15, 3], // 15 min = 2.5 tenths, stored as 3
      [15, 15, 3],
      [16, 15, 5],
      [30, 15, 5],
      [1, 10, 2], // 10 min = 1.67 tenths, stored as 2
      [4, 5, 1],
      [7, 3, 2],
      [7, 1, 2],
    ])('bills %i minutes under %i-minute increments as %i tenths', (minutes, increment, tenths) => {
      const { incrementMinutes } = evaluateEntry(
        guideline({ minIncrementMinutes: increment }),
        entry({ minutes }),
        0,
      );
      expect(billedTenthsFor(minutes, incrementMinutes)).toBe(tenths);
    });

    it.each(ALLOWED_INCREMENT_MINUTES.map((increment) => [increment]))(
      'never loses a minute nor invents one beyond the increment and the whole tenth, with %i-minute increments',
      (increment) => {
        for (let minutes = 1; minutes <= 1440; minutes += 1) {
          const billedTenths = billedTenthsFor(minutes, increment);
          const billedMinutes = billedTenths * 6;
          const roundedToIncrement = Math.ceil(minutes / increment) * increment;
          expect(Number.isInteger(billedTenths)).toBe(true);
          expect(billedMinutes).toBeGreaterThanOrEqual(minutes);
          // Exactly the two roundings up: to the increment, then to the next whole tenth.
          expect(billedMinutes).toBe(Math.ceil(roundedToIncrement / 6) * 6);
          if (increment % 6 === 0) {
            expect(billedMinutes - minutes).toBeLessThan(increment);
          } else {
            // Whole tenths cannot hold e.g. 15 minutes, so at most one tenth more than the increment alone.
            expect(billedMinutes - roundedToIncrement).toBeLessThan(6);
            expect(billedMinutes - minutes).toBeLessThan(increment + 6);
          }
        }
      },
    );

    it('refuses an increment that is not a positive whole number of minutes', () => {
      expect(() => billedTenthsFor(10, 0)).toThrow(RangeError);
      expect(() => billedTenthsFor(10, 2.5)).toThrow(RangeError);
    });
  });
});
