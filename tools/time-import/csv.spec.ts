import { Readable } from 'node:stream';
import { csvField, CsvSyntaxError, parseCsv, readCsv, type CsvRecord } from './csv';

const fieldsOf = (records: CsvRecord[]): string[][] => records.map((record) => record.fields);

/** Reads the stream of these pieces to the end. */
async function readPieces(pieces: string[]): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsv(Readable.from(pieces))) records.push(record);
  return records;
}

/** Feeds the text in pieces of `size` characters, as a file stream would. */
function parseInPieces(text: string, size: number): Promise<CsvRecord[]> {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return readPieces(pieces);
}

describe('parseCsv', () => {
  it('splits records on CRLF and fields on commas', () => {
    expect(fieldsOf(parseCsv('Date,Hours,Narrative\r\n2026-11-20,1.5,Drafted brief\r\n'))).toEqual([
      ['Date', 'Hours', 'Narrative'],
      ['2026-11-20', '1.5', 'Drafted brief'],
    ]);
  });

  it('accepts bare LF line breaks and a last record without a line break', () => {
    expect(fieldsOf(parseCsv('a,b\nc,d'))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('treats a lone CR as a line break', () => {
    expect(fieldsOf(parseCsv('a,b\rc,d\r'))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps commas and line breaks inside quoted fields as data', () => {
    expect(fieldsOf(parseCsv('"Smith, J.","Call with client;\r\nfollow-up email"\r\n'))).toEqual([
      ['Smith, J.', 'Call with client;\r\nfollow-up email'],
    ]);
  });

  it('reads "" inside a quoted field as one quote', () => {
    expect(fieldsOf(parseCsv('"Reviewed ""Exhibit A""",""""\r\n'))).toEqual([['Reviewed "Exhibit A"', '"']]);
  });

  it('keeps empty fields, including quoted empty ones and a trailing one', () => {
    expect(fieldsOf(parseCsv('a,,"",\r\n,\r\n'))).toEqual([
      ['a', '', '', ''],
      ['', ''],
    ]);
  });

  it('returns an empty line as a record with one empty field and adds no record for the final line break', () => {
    expect(fieldsOf(parseCsv('a\r\n\r\nb\r\n'))).toEqual([['a'], [''], ['b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('numbers each record by the physical line it starts on when quoted fields span lines', () => {
    const records = parseCsv('h1,h2\r\n"one\r\ntwo\r\nthree",x\r\nnext,y\n"a\nb",z\n');

    expect(records.map((record) => record.line)).toEqual([1, 2, 5, 6]);
  });

  it('drops a leading byte-order mark', () => {
    expect(fieldsOf(parseCsv('\uFEFFMatter,Date\r\n'))).toEqual([['Matter', 'Date']]);
  });

  it('keeps a quote inside an unquoted field as data', () => {
    expect(fieldsOf(parseCsv('Bought 5" binder,x\r\n'))).toEqual([['Bought 5" binder', 'x']]);
  });

  it('splits on another delimiter when one is given', () => {
    expect(fieldsOf(parseCsv('a;"b;c";d,e\r\n', { delimiter: ';' }))).toEqual([['a', 'b;c', 'd,e']]);
  });

  it('refuses a character after a closing quote, naming the line', () => {
    expect(() => parseCsv('a,b\r\n"quoted"tail,c\r\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\r\n"quoted"tail,c\r\n')).toThrow(
      /^line 2: unexpected "t" after a closing quote/,
    );
  });

  it('refuses a quoted field left open at the end of the input, naming the line it starts on', () => {
    expect(() => parseCsv('a,b\r\nc,"open\r\nstill open\r\n')).toThrow(
      /^line 2: a quoted field is not closed/,
    );
  });

  it('refuses a delimiter that is a quote or a line break', () => {
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow(/delimiter/);
    expect(() => parseCsv('a', { delimiter: ',,' })).toThrow(/delimiter/);
    expect(() => parseCsv('a', { delimiter: '\n' })).toThrow(/delimiter/);
  });
});

describe('readCsv', () => {
  const tricky =
    '\uFEFFExternal ID,Narrative,Hours\r\n' +
    'x-1,"Call re ""terms"", then memo",1.5\r\n' +
    'x-2,"two\r\nlines",0.3\r\n' +
    'x-3,"cr\rlf\nmixed",2\n' +
    'x-4,,\r' +
    'x-5,"",""\r\n' +
    'x-6,last,1';

  it.each([1, 2, 3, 5, 7, 13, 64])(
    'gives the same records and lines when the text arrives in pieces of %i characters',
    async (size) => {
      expect(await parseInPieces(tricky, size)).toEqual(parseCsv(tricky));
    },
  );

  it('reads the tricky sample as intended when it arrives whole', () => {
    const records = parseCsv(tricky);

    expect(fieldsOf(records)).toEqual([
      ['External ID', 'Narrative', 'Hours'],
      ['x-1', 'Call re "terms", then memo', '1.5'],
      ['x-2', 'two\r\nlines', '0.3'],
      ['x-3', 'cr\rlf\nmixed', '2'],
      ['x-4', '', ''],
      ['x-5', '', ''],
      ['x-6', 'last', '1'],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 5, 8, 9, 10]);
  });

  it('joins a CR at the end of one chunk with the LF that opens the next into one line break', async () => {
    expect(await readPieces(['a,b\r', '\nc,d\r\n'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['c', 'd'], line: 2 },
    ]);
  });

  it('names the line of a quoted field left open when the stream ends', async () => {
    await expect(readPieces(['a,b\r\n', 'c,"open\r\n', 'still open\r\n'])).rejects.toThrow(
      /^line 2: a quoted field is not closed/,
    );
  });
});

describe('csvField', () => {
  it('quotes a field only when it holds a delimiter, quote or line break', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('round-trips through the parser when fields are written with it', () => {
    const fields = ['a,b', 'say "hi"', 'two\r\nlines', '', 'plain'];

    expect(fieldsOf(parseCsv(`${fields.map((field) => csvField(field)).join(',')}\r\n`))).toEqual([fields]);
  });
});
