/**
 * Imports a firm's time history from another system's CSV export, through the gateway's
 * POST /v1/time-entries:batch, in batches of 5,000 rows.
 *
 *   npm run import:time-csv -- \
 *     --file export.csv --gateway http://127.0.0.1:3000 --token <bearer> \
 *     [--map 'Matter=matterId,Date=workDate,Hours=hours,...'] [--mode all-or-nothing|accept-valid] \
 *     [--date-format ymd|mdy|dmy] [--delimiter ','] [--batch-size 5000] [--errors failed-rows.csv]
 *
 * Every row carries an externalId (its own column, or the file name and line), so running the
 * same file again creates nothing twice: rows already imported come back as duplicates. That
 * also makes a failed request safe to retry, which this command does for network errors, 429
 * and 5xx. The file is read twice, streaming: once to count the rows and check the CSV syntax
 * (nothing is sent if it is broken), once to import. Progress goes to stderr, the summary to
 * stdout. Exit status: 0 every row imported or already there; 1 some rows failed; 2 bad
 * arguments, mapping or CSV; 3 the API refused the requests (token, permissions, size).
 */
// @lawfirm/contracts' event classes carry decorators that need the metadata API.
import 'reflect-metadata';
import { createReadStream, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { bodyLimitFor } from '@lawfirm/contracts';
import { csvField, CsvSyntaxError, readCsv, type CsvRecord } from './csv';
import {
  DATE_FORMATS,
  entryFromRecord,
  mapColumns,
  MappingError,
  parseMapOption,
  type CsvEntry,
  type DateFormat,
} from './csv-mapping';
// The service's own row rules, so the command checks a batch exactly as the route will.
import {
  IMPORT_MODES,
  MAX_BATCH_ENTRIES,
  type ImportMode,
} from '../../services/timekeeping/src/import/import-row';

export const DEFAULT_BATCH_SIZE = 5000;
const BATCH_PATH = '/v1/time-entries:batch';
/** Three quarters of the route's body limit (HTTP manifest), room to spare; a larger batch is halved. */
const MAX_REQUEST_BYTES = Math.floor(bodyLimitFor(BATCH_PATH) * 0.75);
const MAX_ATTEMPTS = 5;

export interface ImportCsvOptions {
  file: string;
  gateway: string;
  token: string;
  map?: string;
  mode: ImportMode;
  dateFormat: DateFormat;
  delimiter: string;
  batchSize: number;
  /** Where to write the failed rows (CSV: line, externalId, field, message). */
  errorsFile?: string;
}

export interface FailedRow {
  line: number;
  externalId: string | null;
  errors: Array<{ field: string; message: string }>;
}

export interface ImportCsvSummary {
  rows: number;
  created: number;
  duplicates: number;
  failed: number;
  /** Valid rows of all-or-nothing batches that were rejected because of another row. */
  notImported: number;
  failures: FailedRow[];
  elapsedMs: number;
}

/** The API refused a request in a way retrying will not fix. */
export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}

interface BatchRow {
  line: number;
  entry: CsvEntry;
}

interface RowResult {
  index: number;
  externalId: string | null;
  status: 'created' | 'duplicate' | 'failed' | 'valid';
  errors?: Array<{ field: string; message: string }>;
}

async function* records(file: string, delimiter: string): AsyncGenerator<CsvRecord> {
  yield* readCsv(createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 }), { delimiter });
}

const isBlank = (record: CsvRecord): boolean => record.fields.every((field) => field.trim() === '');

/** Rows after the header, ignoring blank lines. */
async function* dataRecords(file: string, delimiter: string): AsyncGenerator<CsvRecord> {
  let header = true;
  for await (const record of records(file, delimiter)) {
    if (header) {
      header = false;
      continue;
    }
    if (!isBlank(record)) yield record;
  }
}

/** Pass one: the header, the number of rows, and the rows whose field count is wrong. */
async function survey(
  file: string,
  delimiter: string,
): Promise<{ headers: string[]; rows: number; misshapen: FailedRow[] }> {
  let headers: string[] | undefined;
  let rows = 0;
  const misshapen: FailedRow[] = [];
  for await (const record of records(file, delimiter)) {
    if (!headers) {
      headers = record.fields;
      continue;
    }
    if (isBlank(record)) continue;
    rows += 1;
    if (record.fields.length !== headers.length) misshapen.push(shapeFailure(record, headers.length));
  }
  if (!headers) throw new MappingError(`${file} is empty: expected a header row`);
  return { headers, rows, misshapen };
}

function shapeFailure(record: CsvRecord, expected: number): FailedRow {
  return {
    line: record.line,
    externalId: null,
    errors: [
      {
        field: 'line',
        message: `expected ${expected} fields as in the header, found ${record.fields.length}`,
      },
    ],
  };
}

/** A progress bar on a terminal; a line per batch otherwise (logs, CI). */
class Progress {
  private readonly started = Date.now();
  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const share = this.total ? done / this.total : 1;
    const text = `${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} rows  ${rate.toLocaleString('en-US')} rows/s`;
    if (this.stream.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      this.stream.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${text}   `,
      );
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts one batch, retrying what is safe to retry (every row is idempotent by externalId). */
async function postBatch(
  options: ImportCsvOptions,
  entries: CsvEntry[],
  body: string,
): Promise<{ status: number; results: RowResult[] }> {
  const url = `${options.gateway.replace(/\/+$/, '')}${BATCH_PATH}`;
  for (let attempt = 1; ; attempt += 1) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        body,
      });
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS)
        throw new ImportRefusedError(
          `${url} is not answering: ${error instanceof Error ? error.message : String(error)}`,
        );
      await sleep(backoffMs(attempt));
      continue;
    }
    const text = await response.text();
    const payload = parseJson(text);
    if (response.status === 200 || (response.status === 422 && payload?.code === 'import_rejected')) {
      const results = Array.isArray(payload?.results) ? (payload.results as RowResult[]) : undefined;
      if (!results || results.length !== entries.length)
        throw new ImportRefusedError(`the API answered ${response.status} without a result for every row`);
      return { status: response.status, results };
    }
    const retryable = response.status === 429 || response.status >= 500;
    if (retryable && attempt < MAX_ATTEMPTS) {
      const retryAfter = Number(response.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoffMs(attempt));
      continue;
    }
    throw new ImportRefusedError(`the API answered ${response.status}: ${describeProblem(payload, text)}`);
  }
}

function backoffMs(attempt: number): number {
  return Math.min(10_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describeProblem(payload: Record<string, unknown> | undefined, text: string): string {
  if (!payload) return text.slice(0, 300);
  const errors = Array.isArray(payload.errors)
    ? (payload.errors as Array<{ field: string; message: string }>)
        .map((error) => ` ${error.field}: ${error.message}`)
        .join(';')
    : '';
  return `${String(payload.detail ?? payload.title ?? '')}${errors}`;
}

/** Imports the file; throws MappingError, CsvSyntaxError or ImportRefusedError when it cannot. */
export async function importCsvFile(
  options: ImportCsvOptions,
  progressStream: NodeJS.WriteStream = process.stderr,
): Promise<ImportCsvSummary> {
  const started = Date.now();
  const fileName = basename(options.file);
  const { headers, rows, misshapen } = await survey(options.file, options.delimiter);
  const mapping = mapColumns(headers, parseMapOption(options.map));
  if (misshapen.length && options.mode === 'all-or-nothing') {
    const lines = misshapen
      .slice(0, 10)
      .map((row) => row.line)
      .join(', ');
    throw new CsvSyntaxError(
      `${misshapen.length} rows do not have ${headers.length} fields (lines ${lines}${misshapen.length > 10 ? ', …' : ''}); nothing was sent`,
      misshapen[0]?.line ?? 0,
    );
  }

  const summary: ImportCsvSummary = {
    rows,
    created: 0,
    duplicates: 0,
    failed: 0,
    notImported: 0,
    failures: [],
    elapsedMs: 0,
  };
  const progress = new Progress(rows, progressStream);
  let done = 0;

  const send = async (batch: BatchRow[]): Promise<void> => {
    const body = JSON.stringify({ mode: options.mode, entries: batch.map((row) => row.entry) });
    if (Buffer.byteLength(body) > MAX_REQUEST_BYTES && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await send(batch.slice(0, half));
      await send(batch.slice(half));
      return;
    }
    const { results } = await postBatch(
      options,
      batch.map((row) => row.entry),
      body,
    );
    for (const result of results) {
      const row = batch[result.index];
      if (result.status === 'created') summary.created += 1;
      else if (result.status === 'duplicate') summary.duplicates += 1;
      else if (result.status === 'valid') summary.notImported += 1;
      else {
        summary.failed += 1;
        summary.failures.push({
          line: row?.line ?? 0,
          externalId: result.externalId,
          errors: result.errors ?? [],
        });
      }
    }
    done += batch.length;
    progress.update(done);
  };

  let batch: BatchRow[] = [];
  for await (const record of dataRecords(options.file, options.delimiter)) {
    if (record.fields.length !== headers.length) {
      summary.failed += 1;
      summary.failures.push(shapeFailure(record, headers.length));
      done += 1;
      continue;
    }
    batch.push({
      line: record.line,
      entry: entryFromRecord(record.fields, record.line, mapping, {
        fileName,
        dateFormat: options.dateFormat,
      }),
    });
    if (batch.length >= options.batchSize) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length) await send(batch);
  progress.finish();
  summary.failures.sort((a, b) => a.line - b.line);
  summary.elapsedMs = Date.now() - started;
  if (options.errorsFile) writeErrorsFile(options.errorsFile, summary.failures);
  return summary;
}

function writeErrorsFile(file: string, failures: FailedRow[]): void {
  const lines = ['line,externalId,field,message'];
  for (const failure of failures) {
    for (const error of failure.errors) {
      lines.push(
        [String(failure.line), failure.externalId ?? '', error.field, error.message]
          .map((value) => csvField(value))
          .join(','),
      );
    }
  }
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
}

export function formatSummary(options: ImportCsvOptions, summary: ImportCsvSummary): string {
  const number = (value: number): string => value.toLocaleString('en-US').padStart(10);
  const seconds = summary.elapsedMs / 1000;
  const lines = [
    `${options.file} → ${options.gateway} (mode ${options.mode}, batches of ${options.batchSize.toLocaleString('en-US')})`,
    `  rows          ${number(summary.rows)}`,
    `  created       ${number(summary.created)}`,
    `  duplicates    ${number(summary.duplicates)}  (imported before: nothing created again)`,
    `  failed        ${number(summary.failed)}${options.errorsFile && summary.failed ? `  (details in ${options.errorsFile})` : ''}`,
  ];
  if (summary.notImported)
    lines.push(
      `  not imported  ${number(summary.notImported)}  (valid rows in rejected all-or-nothing batches: fix the failed rows and run again)`,
    );
  lines.push(
    `  time          ${seconds.toFixed(1).padStart(10)} s  (${Math.round(summary.rows / Math.max(seconds, 0.001)).toLocaleString('en-US')} rows/s)`,
  );
  for (const failure of summary.failures.slice(0, 10)) {
    lines.push(
      `  line ${failure.line}${failure.externalId ? ` (${failure.externalId})` : ''}: ${failure.errors.map((error) => `${error.field}: ${error.message}`).join('; ')}`,
    );
  }
  if (summary.failures.length > 10)
    lines.push(
      `  … and ${summary.failures.length - 10} more failed rows${options.errorsFile ? '' : ' (write them all with --errors <file>)'}`,
    );
  return lines.join('\n');
}

const USAGE = `usage: npm run import:time-csv -- --file export.csv --gateway http://127.0.0.1:3000 --token <bearer>
       [--map 'Matter=matterId,Date=workDate,Hours=hours,...'] [--mode all-or-nothing|accept-valid]
       [--date-format ymd|mdy|dmy] [--delimiter ','] [--batch-size 5000] [--errors failed-rows.csv]
(the token may also come from LAWFIRM_TOKEN)`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ImportCsvOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      gateway: { type: 'string' },
      token: { type: 'string' },
      map: { type: 'string' },
      mode: { type: 'string', default: 'all-or-nothing' },
      'date-format': { type: 'string', default: 'ymd' },
      delimiter: { type: 'string', default: ',' },
      'batch-size': { type: 'string', default: String(DEFAULT_BATCH_SIZE) },
      errors: { type: 'string' },
    },
    strict: true,
  });
  const token = values.token ?? env.LAWFIRM_TOKEN;
  if (!values.file || !values.gateway || !token)
    throw new MappingError(`--file, --gateway and --token are required\n${USAGE}`);
  const mode = values.mode as ImportMode;
  if (!IMPORT_MODES.includes(mode))
    throw new MappingError(`--mode must be one of ${IMPORT_MODES.join(', ')}`);
  const dateFormat = values['date-format'] as DateFormat;
  if (!DATE_FORMATS.includes(dateFormat))
    throw new MappingError(`--date-format must be one of ${DATE_FORMATS.join(', ')}`);
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_ENTRIES) {
    throw new MappingError(`--batch-size must be a whole number from 1 to ${MAX_BATCH_ENTRIES}`);
  }
  const delimiter = values.delimiter === '\\t' ? '\t' : (values.delimiter ?? ',');
  return {
    file: values.file,
    gateway: values.gateway,
    token,
    ...(values.map ? { map: values.map } : {}),
    mode,
    dateFormat,
    delimiter,
    batchSize,
    ...(values.errors ? { errorsFile: values.errors } : {}),
  };
}

async function main(): Promise<number> {
  if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: ImportCsvOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    const summary = await importCsvFile(options);
    process.stdout.write(`${formatSummary(options, summary)}\n`);
    return summary.failed > 0 || summary.notImported > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`\nimport stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof ImportRefusedError) return 3;
    if (
      error instanceof MappingError ||
      error instanceof CsvSyntaxError ||
      (error as NodeJS.ErrnoException).code === 'ENOENT'
    )
      return 2;
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
