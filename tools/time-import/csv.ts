/**
 * CSV as other systems export it, read with csv-parse: RFC 4180 fields and quoting, records
 * ended by CRLF, LF or a lone CR (mixed in one file), a leading byte-order mark dropped, and a
 * quote inside an unquoted field (`5" binder`) kept as data. Each record carries the physical
 * line it starts on, so an import can name its rows by line. A closing quote followed by anything
 * but a delimiter or line break, and a quote left open at the end of the input, are errors
 * naming the line.
 */
import type { Readable } from 'node:stream';
import { parse, type Info, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line the record starts on. */
  line: number;
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvOptions {
  delimiter?: string;
}

/** What csv-parse hands over per record with `info` and `raw` on. */
interface ParsedRecord {
  record: string[];
  info: Info;
  raw: string;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Parses a whole text at once. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  const lines = new LineCounter(options);
  try {
    return parseSync(text, parserOptions(options, lines)) as unknown as CsvRecord[];
  } catch (error) {
    throw lines.explain(error);
  }
}

/** Reads records from a stream of text (a file), as they complete. */
export async function* readCsv(input: Readable, options: CsvOptions = {}): AsyncGenerator<CsvRecord> {
  const lines = new LineCounter(options);
  const parser = input.pipe(parse(parserOptions(options, lines)));
  input.once('error', (error) => parser.destroy(error));
  try {
    for await (const record of parser as AsyncIterable<CsvRecord>) yield record;
  } catch (error) {
    throw lines.explain(error);
  }
}

/** One field for a CSV file we write: quoted when it holds a delimiter, quote or line break. */
export function csvField(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function parserOptions(options: CsvOptions, lines?: LineCounter): Options {
  return {
    delimiter: checkedDelimiter(options.delimiter ?? ','),
    // An explicit list: csv-parse would otherwise take the first line break it meets for the whole file.
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    info: true,
    raw: true,
    // csv-parse's types leave out that `info` and `raw` wrap the record on_record receives.
    ...(lines
      ? { on_record: ((parsed: ParsedRecord) => lines.next(parsed)) as unknown as Options['on_record'] }
      : {}),
  };
}

function checkedDelimiter(delimiter: string): string {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new Error(
      `the delimiter must be one character other than a quote or a line break, not ${JSON.stringify(delimiter)}`,
    );
  }
  return delimiter;
}

/**
 * Line numbers from the raw text of each record (csv-parse's own count is where a record ends,
 * and counts a CRLF inside quotes twice), and csv-parse's errors in this module's words.
 */
class LineCounter {
  /** The physical line the next record starts on. */
  private line = 1;

  constructor(private readonly options: CsvOptions) {}

  next(parsed: ParsedRecord): CsvRecord {
    const record = { fields: parsed.record, line: this.line };
    this.line += parsed.raw.match(LINE_BREAK)?.length ?? 0;
    // relax_quotes (needed for `5" binder`) also lets `"quoted"tail` through; only a field that
    // starts with a quote can be that, and the strict parser says whether it is.
    if (parsed.record.some((field) => field.startsWith('"')))
      refuseTextAfterClosingQuote(parsed.raw, record.line, this.options);
    return record;
  }

  explain(error: unknown): unknown {
    if (csvErrorCode(error) === 'CSV_QUOTE_NOT_CLOSED')
      return new CsvSyntaxError('a quoted field is not closed before the end of the file', this.line);
    return error;
  }
}

function refuseTextAfterClosingQuote(raw: string, line: number, options: CsvOptions): void {
  try {
    parseSync(raw, { ...parserOptions(options), relax_quotes: false, info: false, raw: false });
  } catch (error) {
    if (csvErrorCode(error) !== 'CSV_INVALID_CLOSING_QUOTE') return;
    const got = /got "(.)"/.exec((error as Error).message)?.[1] ?? '';
    throw new CsvSyntaxError(
      `unexpected ${JSON.stringify(got)} after a closing quote (write a quote inside a quoted field as "")`,
      line,
    );
  }
}

/** The code of a csv-parse error (its sync build has a CsvError class of its own, so no instanceof). */
function csvErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' ? code : undefined;
}
