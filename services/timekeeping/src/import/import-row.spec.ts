import { randomUUID } from 'node:crypto';
import { ValidationFailedError } from '@lawfirm/errors';
import { checkImportBatch, checkImportRow, repeatedInBatch, type RowCheck } from './import-row';

function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId: 'legacy-1',
    matterId: randomUUID(),
    workDate: '2026-11-20',
    minutes: 42,
    narrative: 'Reviewed the production',
    ...overrides,
  };
}

function errorsOf(check: RowCheck): Record<string, string> {
  if (check.ok) throw new Error('expected the row to fail');
  return Object.fromEntries(check.errors.map((error) => [error.field, error.message]));
}

describe('checkImportRow', () => {
  it('accepts a minimal row and fills the defaults when optional fields are absent', () => {
    const matterId = randomUUID().toUpperCase();
    const check = checkImportRow(entry({ matterId, narrative: '  Reviewed the production  ' }));

    expect(check).toEqual({
      ok: true,
      row: {
        externalId: 'legacy-1',
        matterId: matterId.toLowerCase(),
        workDate: '2026-11-20',
        minutes: 42,
        narrative: 'Reviewed the production',
        billable: true,
        taskCode: null,
        activityCode: null,
      },
    });
  });

  it('takes minutes from a typed duration when the row gives duration instead of minutes', () => {
    const check = checkImportRow(entry({ minutes: undefined, duration: '1h 12m' }));

    expect(check.ok && check.row.minutes).toBe(72);
  });

  it('keeps billable, codes and timekeeper when the row gives them', () => {
    const check = checkImportRow(
      entry({ billable: false, taskCode: 'L120', activityCode: 'A103', timekeeperId: 'tk-7' }),
    );

    expect(check.ok && check.row).toMatchObject({
      billable: false,
      taskCode: 'L120',
      activityCode: 'A103',
      timekeeperId: 'tk-7',
    });
  });

  it('treats null optional fields as absent, as the single-entry API does', () => {
    const check = checkImportRow(
      entry({ billable: null, taskCode: null, activityCode: null, timekeeperId: null }),
    );

    expect(check.ok && check.row).toMatchObject({ billable: true, taskCode: null, activityCode: null });
    expect(check.ok && 'timekeeperId' in check.row).toBe(false);
  });

  it('reports every bad field of a row with its own message when several are wrong', () => {
    const errors = errorsOf(
      checkImportRow({
        externalId: 'legacy-2',
        matterId: 'M-2026-001',
        workDate: '20.11.2026',
        minutes: 1.5,
        narrative: '   ',
        billable: 'yes',
        taskCode: 'l120',
        activityCode: 'B103',
        colour: 'red',
      }),
    );

    expect(errors).toEqual({
      matterId: 'matterId must be the id of a matter',
      workDate: 'workDate must be a date in the form YYYY-MM-DD',
      minutes: 'minutes must be a whole number of minutes',
      narrative: 'narrative must describe the work',
      billable: 'billable must be true or false',
      taskCode: 'taskCode must look like L120',
      activityCode: 'activityCode must look like A103',
      colour: 'colour is not a known field',
    });
  });

  it('names the row by its externalId when only other fields are wrong', () => {
    const check = checkImportRow(entry({ workDate: '2026-02-30' }));

    expect(check).toMatchObject({ ok: false, externalId: 'legacy-1' });
    expect(errorsOf(check)).toEqual({ workDate: 'workDate must be a date in the form YYYY-MM-DD' });
  });

  it.each([
    ['missing', { externalId: undefined }, 'externalId is required'],
    ['blank', { externalId: '  ' }, 'externalId is required'],
    ['not text', { externalId: 42 }, 'externalId is required'],
    ['201 characters long', { externalId: 'x'.repeat(201) }, 'externalId must be at most 200 characters'],
  ])('refuses an externalId that is %s', (_label, overrides, message) => {
    const check = checkImportRow(entry(overrides));

    expect(check).toMatchObject({ ok: false, externalId: null });
    expect(errorsOf(check).externalId).toContain(message);
  });

  it('accepts an externalId of exactly 200 characters', () => {
    expect(checkImportRow(entry({ externalId: 'x'.repeat(200) })).ok).toBe(true);
  });

  it.each([
    [
      { minutes: undefined },
      'minutes',
      'give the time worked as minutes (e.g. 72) or duration (e.g. "1h 12m")',
    ],
    [{ duration: '1h' }, 'duration', 'give minutes or duration, not both'],
    [{ minutes: 0 }, 'minutes', 'minutes must be at least 1'],
    [{ minutes: 1441 }, 'minutes', 'minutes cannot exceed 1440 (one day)'],
    [{ minutes: '72' }, 'minutes', 'minutes must be a whole number of minutes'],
    [
      { minutes: undefined, duration: 'a while' },
      'duration',
      '"a while" is not a duration; write e.g. 72, 72min, 1h 12m, 1:12 or 1.2h',
    ],
    [{ minutes: undefined, duration: '25h' }, 'duration', 'duration cannot exceed 24 hours'],
    [{ minutes: undefined, duration: 90 }, 'duration', 'duration must be text such as "1h 12m"'],
  ])('refuses time that is missing, doubled or out of range (%p)', (overrides, field, message) => {
    expect(errorsOf(checkImportRow(entry(overrides)))).toEqual({ [field]: message });
  });

  it('refuses a narrative longer than 4000 characters', () => {
    expect(errorsOf(checkImportRow(entry({ narrative: 'n'.repeat(4001) })))).toEqual({
      narrative: 'narrative must be at most 4000 characters',
    });
  });

  it('refuses UTBMS codes that are well formed but not in the code sets', () => {
    const errors = errorsOf(checkImportRow(entry({ taskCode: 'L100', activityCode: 'A199' })));

    expect(Object.keys(errors).sort()).toEqual(['activityCode', 'taskCode']);
    expect(errors.taskCode).toContain('is a phase');
  });

  it('refuses a blank or overlong timekeeperId', () => {
    expect(errorsOf(checkImportRow(entry({ timekeeperId: '' })))).toEqual({
      timekeeperId: 'timekeeperId must name a timekeeper',
    });
    expect(errorsOf(checkImportRow(entry({ timekeeperId: 't'.repeat(101) })))).toEqual({
      timekeeperId: 'timekeeperId must be at most 100 characters',
    });
  });

  it.each([null, 'row', 42, ['externalId', 'x']])('refuses an entry that is not an object (%p)', (raw) => {
    expect(checkImportRow(raw)).toEqual({
      ok: false,
      externalId: null,
      errors: [{ field: 'entry', message: 'each entry must be an object' }],
    });
  });
});

describe('checkImportBatch', () => {
  function fieldErrors(body: unknown): unknown {
    try {
      checkImportBatch(body);
    } catch (error) {
      if (error instanceof ValidationFailedError) return error.fieldErrors;
      throw error;
    }
    throw new Error('expected the batch to be refused');
  }

  it('passes mode and entries through untouched when the envelope is right', () => {
    const entries = [{ externalId: 'x' }, 'not even an object'];

    expect(checkImportBatch({ mode: 'accept-valid', entries })).toEqual({ mode: 'accept-valid', entries });
  });

  it('accepts exactly 10,000 entries and refuses 10,001', () => {
    expect(
      checkImportBatch({ mode: 'all-or-nothing', entries: new Array(10_000).fill({}) }).entries,
    ).toHaveLength(10_000);
    expect(fieldErrors({ mode: 'all-or-nothing', entries: new Array(10_001).fill({}) })).toEqual([
      { field: 'entries', message: 'entries may hold at most 10000 entries; split the import into batches' },
    ]);
  });

  it('names every problem of the envelope at once', () => {
    expect(fieldErrors({ mode: 'some', entries: {}, dryRun: true })).toEqual([
      { field: 'dryRun', message: 'dryRun is not a known field' },
      { field: 'mode', message: 'mode must be one of: all-or-nothing, accept-valid' },
      { field: 'entries', message: 'entries must be a list of time entries' },
    ]);
  });

  it('refuses an empty list and a body that is not an object', () => {
    expect(fieldErrors({ mode: 'accept-valid', entries: [] })).toEqual([
      { field: 'entries', message: 'entries must hold at least one entry' },
    ]);
    expect(fieldErrors([{ mode: 'accept-valid' }])).toEqual([
      { field: 'body', message: 'the body must be an object with mode and entries' },
    ]);
    expect(fieldErrors(null)).toEqual([
      { field: 'body', message: 'the body must be an object with mode and entries' },
    ]);
  });
});

describe('repeatedInBatch', () => {
  it('marks every later occurrence of an external id but not the first', () => {
    expect([...repeatedInBatch(['a', 'b', 'a', null, 'b', 'a', null])]).toEqual([2, 4, 5]);
  });

  it('marks nothing when every external id is distinct', () => {
    expect(repeatedInBatch(['a', 'b', 'c']).size).toBe(0);
  });
});
