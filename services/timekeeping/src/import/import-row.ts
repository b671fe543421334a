/**
 * Field checks for one row of a batch import, done by hand rather than by class-validator: a
 * batch of 10,000 rows must report every bad row with its own field errors instead of failing
 * the whole request at the first one, and must stay cheap. The rules and messages follow
 * CreateTimeEntryDto, so a row is accepted exactly when POST /v1/time-entries would accept it.
 */
import { DomainError, ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { assertKnownTimeCodes } from '../codes/utbms-code.service';
import { isCalendarDate, minutesFrom } from '@lawfirm/primitives';

export const IMPORT_MODES = ['all-or-nothing', 'accept-valid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const MAX_BATCH_ENTRIES = 10_000;
export const MAX_EXTERNAL_ID_LENGTH = 200;
const MAX_NARRATIVE_LENGTH = 4000;
const MAX_TIMEKEEPER_ID_LENGTH = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TASK_CODE = /^[A-Z]\d{3}$/;
const ACTIVITY_CODE = /^A\d{3}$/;

const KNOWN_FIELDS = new Set([
  'externalId',
  'matterId',
  'workDate',
  'minutes',
  'duration',
  'narrative',
  'billable',
  'taskCode',
  'activityCode',
  'timekeeperId',
]);

/** A row whose fields are all well-formed (the matter and the guideline are checked later). */
export interface ImportRow {
  externalId: string;
  /** Lower case, as PostgreSQL returns it, so it can be looked up in the projection. */
  matterId: string;
  workDate: string;
  minutes: number;
  narrative: string;
  billable: boolean;
  taskCode: string | null;
  activityCode: string | null;
  /** Absent: the caller's own time. */
  timekeeperId?: string;
}

export type RowCheck =
  | { ok: true; row: ImportRow }
  /** `externalId` is the row's id when that field itself was valid (so the row can still be named). */
  | { ok: false; externalId: string | null; errors: FieldError[] };

export interface ImportBatch {
  mode: ImportMode;
  entries: unknown[];
}

/**
 * The request envelope, checked by hand as well: the global ValidationPipe would run
 * class-transformer over every one of 10,000 entries first (measured: 130–200 ms a batch, a
 * fifth of the request) only for the rows to be checked here anyway. Same messages and the
 * same 400 as the pipe.
 */
export function checkImportBatch(body: unknown): ImportBatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailedError([
      { field: 'body', message: 'the body must be an object with mode and entries' },
    ]);
  }
  const { mode, entries, ...unknown } = body as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(unknown).map((key) => ({
    field: key,
    message: `${key} is not a known field`,
  }));
  if (typeof mode !== 'string' || !(IMPORT_MODES as readonly string[]).includes(mode)) {
    errors.push({ field: 'mode', message: `mode must be one of: ${IMPORT_MODES.join(', ')}` });
  }
  if (!Array.isArray(entries))
    errors.push({ field: 'entries', message: 'entries must be a list of time entries' });
  else if (entries.length === 0)
    errors.push({ field: 'entries', message: 'entries must hold at least one entry' });
  else if (entries.length > MAX_BATCH_ENTRIES) {
    errors.push({
      field: 'entries',
      message: `entries may hold at most ${MAX_BATCH_ENTRIES} entries; split the import into batches`,
    });
  }
  if (errors.length) throw new ValidationFailedError(errors);
  return { mode: mode as ImportMode, entries: entries as unknown[] };
}

/** Like class-validator's @IsOptional: a missing or null field is absent. */
function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Checks one entry of the batch; every field with a problem gets one message. */
export function checkImportRow(raw: unknown): RowCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      externalId: null,
      errors: [{ field: 'entry', message: 'each entry must be an object' }],
    };
  }
  const entry = raw as Record<string, unknown>;
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push({ field, message });
  };

  for (const key of Object.keys(entry)) {
    if (!KNOWN_FIELDS.has(key)) fail(key, `${key} is not a known field`);
  }

  let externalId: string | null = null;
  const rawExternalId = entry.externalId;
  if (typeof rawExternalId !== 'string' || rawExternalId.trim() === '') {
    fail(
      'externalId',
      'externalId is required: your own id for the row, so a retried import creates nothing twice',
    );
  } else if (rawExternalId.length > MAX_EXTERNAL_ID_LENGTH) {
    fail('externalId', `externalId must be at most ${MAX_EXTERNAL_ID_LENGTH} characters`);
  } else {
    externalId = rawExternalId;
  }

  const matterId = entry.matterId;
  if (typeof matterId !== 'string' || !UUID.test(matterId))
    fail('matterId', 'matterId must be the id of a matter');

  const workDate = entry.workDate;
  if (typeof workDate !== 'string' || !isCalendarDate(workDate))
    fail('workDate', 'workDate must be a date in the form YYYY-MM-DD');

  const time = minutesFrom(entry.minutes, entry.duration);
  if (!time.ok) fail(time.field, time.message);
  const minutes = time.ok ? time.minutes : undefined;

  let narrative = '';
  if (typeof entry.narrative !== 'string' || entry.narrative.trim() === '') {
    fail('narrative', 'narrative must describe the work');
  } else {
    narrative = entry.narrative.trim();
    if (narrative.length > MAX_NARRATIVE_LENGTH)
      fail('narrative', `narrative must be at most ${MAX_NARRATIVE_LENGTH} characters`);
  }

  if (!absent(entry.billable) && typeof entry.billable !== 'boolean')
    fail('billable', 'billable must be true or false');
  const taskCodeShaped =
    !absent(entry.taskCode) && typeof entry.taskCode === 'string' && TASK_CODE.test(entry.taskCode);
  const activityCodeShaped =
    !absent(entry.activityCode) &&
    typeof entry.activityCode === 'string' &&
    ACTIVITY_CODE.test(entry.activityCode);
  if (!absent(entry.taskCode) && !taskCodeShaped) fail('taskCode', 'taskCode must look like L120');
  if (!absent(entry.activityCode) && !activityCodeShaped)
    fail('activityCode', 'activityCode must look like A103');
  if (taskCodeShaped || activityCodeShaped) {
    // Well-shaped codes must also exist in the UTBMS sets, as for a single entry.
    errors.push(
      ...knownCodeErrors({
        taskCode: taskCodeShaped ? (entry.taskCode as string) : null,
        activityCode: activityCodeShaped ? (entry.activityCode as string) : null,
      }),
    );
  }
  const timekeeperId = entry.timekeeperId;
  if (!absent(timekeeperId)) {
    if (typeof timekeeperId !== 'string' || timekeeperId.trim() === '')
      fail('timekeeperId', 'timekeeperId must name a timekeeper');
    else if (timekeeperId.length > MAX_TIMEKEEPER_ID_LENGTH)
      fail('timekeeperId', `timekeeperId must be at most ${MAX_TIMEKEEPER_ID_LENGTH} characters`);
  }

  if (errors.length > 0 || externalId === null || minutes === undefined)
    return { ok: false, externalId, errors };
  return {
    ok: true,
    row: {
      externalId,
      matterId: (matterId as string).toLowerCase(),
      workDate: workDate as string,
      minutes,
      narrative,
      billable: (entry.billable as boolean | null | undefined) ?? true,
      taskCode: (entry.taskCode as string | null | undefined) ?? null,
      activityCode: (entry.activityCode as string | null | undefined) ?? null,
      ...(absent(timekeeperId) ? {} : { timekeeperId: timekeeperId as string }),
    },
  };
}

function knownCodeErrors(codes: { taskCode: string | null; activityCode: string | null }): FieldError[] {
  try {
    assertKnownTimeCodes(codes);
    return [];
  } catch (error) {
    if (error instanceof DomainError) return error.fieldErrors;
    throw error;
  }
}

/**
 * Indexes of rows that repeat an external id seen earlier in the same batch. Only the first
 * occurrence may be stored; the others are reported, whether or not the first one is valid.
 */
export function repeatedInBatch(externalIds: ReadonlyArray<string | null>): Set<number> {
  const seen = new Set<string>();
  const repeated = new Set<number>();
  externalIds.forEach((externalId, index) => {
    if (externalId === null) return;
    if (seen.has(externalId)) repeated.add(index);
    else seen.add(externalId);
  });
  return repeated;
}
