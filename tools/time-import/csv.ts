/**
 * A small streaming CSV reader after RFC 4180: fields separated by a delimiter (comma by
 * default), records by CRLF (a bare LF or CR is accepted too), fields optionally enclosed in
 * double quotes, inside which delimiters and line breaks are data and `""` is one quote.
 *
 * Text arrives in chunks of any size (a chunk may end between the two quotes of `""` or between
 * CR and LF); each record carries the physical line it starts on, so an import can name its
 * rows by line. Two departures from the RFC, both for exports seen in the wild: a leading
 * byte-order mark is dropped, and a quote inside an unquoted field (`5" binder`) is kept as data.
 * A closing quote followed by anything but a delimiter or line break, and a quote left open at
 * the end of the input, are errors naming the line.
 */

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

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

type State = 'field-start' | 'unquoted' | 'quoted' | 'quote-in-quoted';

export class CsvReader {
  private readonly delimiter: number;
  private state: State = 'field-start';
  private field = '';
  private fields: string[] = [];
  /** Physical line of the next character. */
  private line = 1;
  private recordLine = 1;
  private started = false;
  /** The previous chunk ended on a CR that ended a record: a LF opening this chunk belongs to it. */
  private recordEndedOnCr = false;
  /** The previous character inside a quoted field was a CR (so a following LF is the same line break). */
  private quotedCr = false;

  constructor(options: { delimiter?: string } = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new Error(
        `the delimiter must be one character other than a quote or a line break, not ${JSON.stringify(delimiter)}`,
      );
    }
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reads a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let at = 0;
    if (this.recordEndedOnCr && text.length > 0) {
      this.recordEndedOnCr = false;
      if (text.charCodeAt(0) === LF) at = 1;
    }
    const length = text.length;
    while (at < length) {
      switch (this.state) {
        case 'field-start':
          if (text.charCodeAt(at) === QUOTE) {
            this.state = 'quoted';
            at += 1;
          } else {
            this.state = 'unquoted';
          }
          break;
        case 'unquoted': {
          let end = at;
          while (end < length) {
            const code = text.charCodeAt(end);
            if (code === this.delimiter || code === CR || code === LF) break;
            end += 1;
          }
          this.field += text.slice(at, end);
          at = end < length ? this.separator(text, end, records) : end;
          break;
        }
        case 'quoted': {
          const close = text.indexOf('"', at);
          const end = close === -1 ? length : close;
          this.countQuotedLines(text, at, end);
          this.field += text.slice(at, end);
          at = end;
          if (close !== -1) {
            this.quotedCr = false;
            this.state = 'quote-in-quoted';
            at += 1;
          }
          break;
        }
        case 'quote-in-quoted': {
          const code = text.charCodeAt(at);
          if (code === QUOTE) {
            this.field += '"';
            this.state = 'quoted';
            at += 1;
          } else if (code === this.delimiter || code === CR || code === LF) {
            at = this.separator(text, at, records);
          } else {
            throw new CsvSyntaxError(
              `unexpected ${JSON.stringify(text[at])} after a closing quote (write a quote inside a quoted field as "")`,
              this.line,
            );
          }
          break;
        }
      }
    }
    return records;
  }

  /** Ends the input; returns the last record when the text does not end with a line break. */
  end(): CsvRecord[] {
    if (this.state === 'quoted')
      throw new CsvSyntaxError('a quoted field is not closed before the end of the file', this.recordLine);
    if (this.state === 'field-start' && this.fields.length === 0) return [];
    this.fields.push(this.field);
    const record = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.field = '';
    this.state = 'field-start';
    return [record];
  }

  /** Handles the delimiter or line break at `at`; returns where reading continues. */
  private separator(text: string, at: number, records: CsvRecord[]): number {
    const code = text.charCodeAt(at);
    this.fields.push(this.field);
    this.field = '';
    this.state = 'field-start';
    if (code === this.delimiter) return at + 1;
    records.push({ fields: this.fields, line: this.recordLine });
    this.fields = [];
    this.line += 1;
    this.recordLine = this.line;
    if (code === CR) {
      if (at + 1 === text.length) {
        this.recordEndedOnCr = true;
        return at + 1;
      }
      if (text.charCodeAt(at + 1) === LF) return at + 2;
    }
    return at + 1;
  }

  private countQuotedLines(text: string, from: number, to: number): void {
    for (let at = from; at < to; at += 1) {
      const code = text.charCodeAt(at);
      if (code === LF) {
        if (!this.quotedCr) this.line += 1;
        this.quotedCr = false;
      } else if (code === CR) {
        this.line += 1;
        this.quotedCr = true;
      } else {
        this.quotedCr = false;
      }
    }
  }
}

/** Parses a whole text at once. */
export function parseCsv(text: string, options: { delimiter?: string } = {}): CsvRecord[] {
  const reader = new CsvReader(options);
  return [...reader.push(text), ...reader.end()];
}

/** One field for a CSV file we write: quoted when it holds a delimiter, quote or line break. */
export function csvField(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
