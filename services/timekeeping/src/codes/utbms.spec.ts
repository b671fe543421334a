import { DomainError } from '@lawfirm/errors';
import { assertKnownTimeCodes } from './code-validation';
import {
  ACTIVITY_CODES,
  EXPENSE_CODES,
  isActivityCode,
  isExpenseCode,
  isTaskCode,
  TASK_CODES,
  utbmsCodes,
} from './utbms';

function fieldErrorsOf(codes: {
  taskCode?: string | null;
  activityCode?: string | null;
}): Array<{ field: string; message: string }> {
  try {
    assertKnownTimeCodes(codes);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error).toMatchObject({ kind: 'validation', code: 'validation_failed' });
    return error.fieldErrors;
  }
}

describe('UTBMS code sets', () => {
  it('has the litigation phases L100–L500 with their tasks, ending with the appeal tasks', () => {
    expect(TASK_CODES.filter((code) => code.kind === 'phase').map((code) => code.code)).toEqual([
      'L100',
      'L200',
      'L300',
      'L400',
      'L500',
    ]);
    expect(
      TASK_CODES.filter((code) => code.phase === 'L500').map((code) => `${code.code} ${code.description}`),
    ).toEqual(['L510 Appellate Motions and Submissions', 'L520 Appellate Briefs', 'L530 Oral Argument']);
    expect(TASK_CODES.find((code) => code.code === 'L110')).toMatchObject({
      description: 'Fact Investigation/Development',
      phase: 'L100',
    });
    expect(TASK_CODES.find((code) => code.code === 'L120')).toMatchObject({
      description: 'Analysis/Strategy',
      phase: 'L100',
    });
    expect(
      TASK_CODES.every((code) => code.kind === 'phase' || code.phase === `${code.code.slice(0, 2)}00`),
    ).toBe(true);
  });

  it('has the activity codes A101–A111 and the expense codes E101–E124, each once, with a description', () => {
    expect(ACTIVITY_CODES.map((code) => code.code)).toEqual(
      Array.from({ length: 11 }, (_, index) => `A${101 + index}`),
    );
    expect(EXPENSE_CODES.map((code) => code.code)).toEqual(
      Array.from({ length: 24 }, (_, index) => `E${101 + index}`),
    );
    expect(ACTIVITY_CODES[0]).toMatchObject({ description: 'Plan and prepare for' });
    expect(ACTIVITY_CODES[10]).toMatchObject({ description: 'Other' });
    expect(EXPENSE_CODES[0]).toMatchObject({ description: 'Copying' });
    expect(EXPENSE_CODES[23]).toMatchObject({ description: 'Other' });
    const all = utbmsCodes();
    expect(new Set(all.map((code) => code.code)).size).toBe(all.length);
    expect(all.every((code) => code.description.length > 0)).toBe(true);
  });

  it('lists one set at a time', () => {
    expect(utbmsCodes('activity')).toBe(ACTIVITY_CODES);
    expect(utbmsCodes('expense').every((code) => code.set === 'expense')).toBe(true);
  });

  it.each([
    ['L110', true],
    ['L530', true],
    ['L100', false], // a phase, not a task
    ['L540', false],
    ['A103', false],
    ['l110', false],
    [null, false],
    [undefined, false],
  ])('isTaskCode(%p) is %p', (code, expected) => {
    expect(isTaskCode(code)).toBe(expected);
  });

  it('tells activity and expense codes from the rest', () => {
    expect(isActivityCode('A111')).toBe(true);
    expect(isActivityCode('A112')).toBe(false);
    expect(isActivityCode('E101')).toBe(false);
    expect(isExpenseCode('E124')).toBe(true);
    expect(isExpenseCode('E125')).toBe(false);
    expect(isExpenseCode('A101')).toBe(false);
  });
});

describe('assertKnownTimeCodes', () => {
  it('accepts known codes and absent ones', () => {
    expect(fieldErrorsOf({ taskCode: 'L240', activityCode: 'A104' })).toEqual([]);
    expect(fieldErrorsOf({})).toEqual([]);
    expect(fieldErrorsOf({ taskCode: null, activityCode: null })).toEqual([]);
  });

  it("names each unknown code's field", () => {
    expect(fieldErrorsOf({ taskCode: 'L999', activityCode: 'A999' })).toEqual([
      { field: 'taskCode', message: expect.stringContaining('L999 is not a UTBMS litigation task code') },
      { field: 'activityCode', message: expect.stringContaining('A999 is not a UTBMS activity code') },
    ]);
  });

  it('points a phase code to its tasks', () => {
    expect(fieldErrorsOf({ taskCode: 'L500' })).toEqual([
      {
        field: 'taskCode',
        message: 'taskCode L500 is a phase (Appeal); record time under one of its tasks: L510, L520, L530',
      },
    ]);
  });
});
