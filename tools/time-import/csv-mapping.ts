/**
 * How the CSV import command turns another system's export into batch-import entries: which
 * column is which field (by header name, case- and punctuation-insensitive, with defaults for
 * common spellings and `--map` overrides), and how each cell is converted.
 */
import { createHash } from 'node:crypto';
import { MAX_EXTERNAL_ID_LENGTH } from '../../services/timekeeping/src/import/import-row';

export const IMPORT_FIELDS = [
  'externalId',
  'matterId',
  'workDate',
  'minutes',
  'hours',
  'duration',
  'narrative',
  'billable',
  'taskCode',
  'activityCode',
  'timekeeperId',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Ways of giving the time worked; a file uses exactly one. */
const TIME_FIELDS: readonly ImportField[] = ['minutes', 'hours', 'duration'];

/**
 * Header spellings each field is recognised by, normalised (lower case, letters and digits
 * only). `Timekeeper` alone is deliberately absent: in most exports it holds a name, not an id.
 */
const DEFAULT_HEADERS: Record<ImportField, string[]> = {
  externalId: ['externalid', 'id', 'entryid', 'timeentryid', 'sourceid', 'legacyid'],
  matterId: ['matterid', 'matter', 'matteruuid'],
  workDate: ['workdate', 'date', 'entrydate', 'servicedate', 'dateofservice', 'day'],
  minutes: ['minutes', 'mins', 'minutesworked'],
  hours: ['hours', 'hrs', 'hoursworked', 'timehours', 'quantity'],
  duration: ['duration', 'time', 'timespent'],
  narrative: ['narrative', 'description', 'desc', 'notes', 'note', 'workdescription', 'text'],
  billable: ['billable', 'isbillable', 'billablestatus'],
  taskCode: ['taskcode', 'task', 'utbmstask', 'utbmstaskcode'],
  activityCode: ['activitycode', 'activity', 'utbmsactivity', 'utbmsactivitycode'],
  timekeeperId: ['timekeeperid', 'tkid'],
};

export const DATE_FORMATS = ['ymd', 'mdy', 'dmy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `--map 'Matter=matterId,Date=workDate,Hours=hours'`: header → field. */
export function parseMapOption(text: string | undefined): Map<string, ImportField> {
  const overrides = new Map<string, ImportField>();
  if (!text) return overrides;
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const equals = pair.lastIndexOf('=');
    const header = equals > 0 ? pair.slice(0, equals).trim() : '';
    const field = equals > 0 ? pair.slice(equals + 1).trim() : '';
    if (!header || !field) throw new MappingError(`--map: "${pair.trim()}" is not Header=field`);
    const known = IMPORT_FIELDS.find((candidate) => candidate.toLowerCase() === field.toLowerCase());
    if (!known)
      throw new MappingError(`--map: "${field}" is not a field; use one of ${IMPORT_FIELDS.join(', ')}`);
    overrides.set(normaliseHeader(header), known);
  }
  return overrides;
}

export interface ColumnMapping {
  /** Field → column index. */
  columns: Partial<Record<ImportField, number>>;
  /** Headers no field uses (reported once, then ignored). */
  unused: string[];
}

/**
 * Assigns columns to fields: `--map` first, then the default spellings for the fields still
 * free. Fails when a required field has no column, or when the time worked could be read from
 * more than one column.
 */
export function mapColumns(
  headers: string[],
  overrides: Map<string, ImportField> = new Map(),
): ColumnMapping {
  const normalised = headers.map(normaliseHeader);
  const columns: Partial<Record<ImportField, number>> = {};
  const taken = new Set<number>();
  for (const [header, field] of overrides) {
    const column = normalised.indexOf(header);
    if (column === -1)
      throw new MappingError(
        `--map names a column "${header}" the file does not have; its headers are: ${headers.join(', ')}`,
      );
    if (columns[field] !== undefined) throw new MappingError(`--map gives ${field} twice`);
    columns[field] = column;
    taken.add(column);
  }
  const timeMappedExplicitly = TIME_FIELDS.some((field) => columns[field] !== undefined);
  for (const field of IMPORT_FIELDS) {
    if (columns[field] !== undefined) continue;
    if (timeMappedExplicitly && TIME_FIELDS.includes(field)) continue;
    const column = normalised.findIndex(
      (header, index) => !taken.has(index) && DEFAULT_HEADERS[field].includes(header),
    );
    if (column === -1) continue;
    columns[field] = column;
    taken.add(column);
  }
  const timeColumns = TIME_FIELDS.filter((field) => columns[field] !== undefined);
  if (timeColumns.length > 1) {
    const named = timeColumns.map((field) => `"${headers[columns[field] as number]}" (${field})`).join(', ');
    throw new MappingError(
      `the time worked could come from ${named}; choose one with --map, e.g. --map '${headers[columns[timeColumns[0] as ImportField] as number]}=${timeColumns[0]}'`,
    );
  }
  const missing: string[] = (['matterId', 'workDate', 'narrative'] as const).filter(
    (field) => columns[field] === undefined,
  );
  if (timeColumns.length === 0) missing.push('minutes, hours or duration');
  if (missing.length) {
    throw new MappingError(
      `no column for ${missing.join('; ')}. The file's headers are: ${headers.join(', ')}. Map them with --map 'Header=field,…'`,
    );
  }
  return { columns, unused: headers.filter((_header, index) => !taken.has(index)) };
}

/**
 * The externalId of a row that brings none: the file's name and the record's line, so running
 * the same file again names every row the same way (and creates nothing twice).
 */
export function derivedExternalId(fileName: string, line: number): string {
  const suffix = `:${line}`;
  const name =
    fileName.length + suffix.length <= MAX_EXTERNAL_ID_LENGTH
      ? fileName
      : createHash('sha256').update(fileName).digest('hex').slice(0, 32);
  return `${name}${suffix}`;
}

/** Dates in the export's order → YYYY-MM-DD; anything unrecognised is passed on for the API to refuse by name. */
export function isoDate(text: string, format: DateFormat): string {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const parts = /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$/.exec(value);
  if (!parts || format === 'ymd') return value;
  const [first, second, year] = [parts[1] as string, parts[2] as string, parts[3] as string];
  if (year.length !== 4) return value;
  const [month, day] = format === 'mdy' ? [first, second] : [second, first];
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

const YES = new Set(['y', 'yes', 'true', '1', 'billable', 'b']);
const NO = new Set(['n', 'no', 'false', '0', 'nonbillable', 'nb', 'nobill', 'nocharge', 'nc']);

/** Y/N, yes/no, true/false, 1/0, billable/non-billable; anything else is passed on for the API to refuse. */
export function billableOf(text: string): boolean | string {
  const value = normaliseHeader(text);
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  return text;
}

/** Decimal hours ("1.5", "1,5") as a duration the API reads ("1.5h"); text with a unit is passed on. */
export function hoursAsDuration(text: string): string {
  const value = text.trim();
  return /^\d+(?:[.,]\d+)?$/.test(value) ? `${value}h` : value;
}

export type CsvEntry = Record<string, string | number | boolean>;

/** The batch-import entry for one CSV record. Empty cells are left out. */
export function entryFromRecord(
  fields: string[],
  line: number,
  mapping: ColumnMapping,
  options: { fileName: string; dateFormat: DateFormat },
): CsvEntry {
  const cell = (field: ImportField): string | undefined => {
    const column = mapping.columns[field];
    const value = column === undefined ? undefined : fields[column]?.trim();
    return value ? value : undefined;
  };
  const entry: CsvEntry = { externalId: cell('externalId') ?? derivedExternalId(options.fileName, line) };
  const matterId = cell('matterId');
  if (matterId !== undefined) entry.matterId = matterId;
  const workDate = cell('workDate');
  if (workDate !== undefined) entry.workDate = isoDate(workDate, options.dateFormat);
  const minutes = cell('minutes');
  if (minutes !== undefined) entry.minutes = /^\d+$/.test(minutes) ? Number(minutes) : minutes;
  const hours = cell('hours');
  if (hours !== undefined) entry.duration = hoursAsDuration(hours);
  const duration = cell('duration');
  if (duration !== undefined) entry.duration = duration;
  // The narrative keeps its inner line breaks; only the API trims it.
  const narrative = mapping.columns.narrative === undefined ? undefined : fields[mapping.columns.narrative];
  if (narrative !== undefined && narrative.trim()) entry.narrative = narrative;
  const billable = cell('billable');
  if (billable !== undefined) entry.billable = billableOf(billable);
  const taskCode = cell('taskCode');
  if (taskCode !== undefined) entry.taskCode = taskCode.toUpperCase();
  const activityCode = cell('activityCode');
  if (activityCode !== undefined) entry.activityCode = activityCode.toUpperCase();
  const timekeeperId = cell('timekeeperId');
  if (timekeeperId !== undefined) entry.timekeeperId = timekeeperId;
  return entry;
}
