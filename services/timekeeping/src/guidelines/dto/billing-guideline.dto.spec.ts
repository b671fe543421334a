import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@lawfirm/errors';
import { PutBillingGuidelineDto } from './billing-guideline.dto';

/** Validates the way the global pipe does (whitelist, forbid unknown, first error per field). */
function fieldErrors(body: object) {
  const errors = validateSync(plainToInstance(PutBillingGuidelineDto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  return flattenValidationErrors(errors);
}

describe('PutBillingGuidelineDto', () => {
  it('accepts a guideline with every rule, and one with no rules', () => {
    expect(
      fieldErrors({
        mode: 'block',
        rules: {
          minIncrementMinutes: 15,
          maxHoursPerDay: 7.5,
          requireTaskCode: true,
          forbidBlockBilling: true,
          approvedTimekeeperIds: ['tk-1', 'tk-2'],
          clericalPhrases: ['scheduled', 'organized files'],
          minNarrativeLength: 25,
        },
      }),
    ).toEqual([]);
    expect(fieldErrors({ mode: 'warn', rules: {} })).toEqual([]);
  });

  it.each([
    [{ mode: 'strict', rules: {} }, 'mode', 'mode must be one of: warn, block'],
    [{ mode: 'warn' }, 'rules', 'rules must be an object of guideline rules'],
    [{ mode: 'warn', rules: [] }, 'rules', 'rules must be an object of guideline rules'],
    [
      { mode: 'warn', rules: { minIncrementMinutes: 7 } },
      'rules.minIncrementMinutes',
      'minIncrementMinutes must be one of: 1, 3, 5, 6, 10, 12, 15, 30, 60',
    ],
    [
      { mode: 'warn', rules: { minIncrementMinutes: '6' } },
      'rules.minIncrementMinutes',
      'minIncrementMinutes must be a whole number of minutes',
    ],
    [
      { mode: 'warn', rules: { maxHoursPerDay: 0.25 } },
      'rules.maxHoursPerDay',
      'maxHoursPerDay must be at least 0.5',
    ],
    [
      { mode: 'warn', rules: { maxHoursPerDay: 25 } },
      'rules.maxHoursPerDay',
      'maxHoursPerDay must be at most 24',
    ],
    [
      { mode: 'warn', rules: { requireTaskCode: 'yes' } },
      'rules.requireTaskCode',
      'requireTaskCode must be true or false',
    ],
    [
      { mode: 'warn', rules: { forbidBlockBilling: 1 } },
      'rules.forbidBlockBilling',
      'forbidBlockBilling must be true or false',
    ],
    [
      { mode: 'warn', rules: { approvedTimekeeperIds: [] } },
      'rules.approvedTimekeeperIds',
      'approvedTimekeeperIds must name at least one timekeeper; omit it to allow every timekeeper',
    ],
    [
      { mode: 'warn', rules: { approvedTimekeeperIds: [42] } },
      'rules.approvedTimekeeperIds',
      'approvedTimekeeperIds must contain only timekeeper ids (text)',
    ],
    [
      { mode: 'warn', rules: { approvedTimekeeperIds: ['a', 'a'] } },
      'rules.approvedTimekeeperIds',
      'approvedTimekeeperIds must not name a timekeeper twice',
    ],
    [
      { mode: 'warn', rules: { clericalPhrases: 'scheduled' } },
      'rules.clericalPhrases',
      'clericalPhrases must be a list of phrases',
    ],
    [
      { mode: 'warn', rules: { clericalPhrases: ['  '] } },
      'rules.clericalPhrases',
      'clericalPhrases must not contain empty phrases',
    ],
    [
      { mode: 'warn', rules: { minNarrativeLength: 501 } },
      'rules.minNarrativeLength',
      'minNarrativeLength must be at most 500',
    ],
    [
      { mode: 'warn', rules: { minNarrativeLength: -1 } },
      'rules.minNarrativeLength',
      'minNarrativeLength must be at least 0',
    ],
    [
      { mode: 'warn', rules: { minNarrativeLength: 2.5 } },
      'rules.minNarrativeLength',
      'minNarrativeLength must be a whole number of characters',
    ],
    [{ mode: 'warn', rules: { maxMinutes: 5 } }, 'rules.maxMinutes', 'rules.maxMinutes is not a known field'],
  ])('refuses %j naming %s', (body, field, message) => {
    expect(fieldErrors(body)).toEqual([{ field, message }]);
  });
});
