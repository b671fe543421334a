import { Readable } from 'node:stream';
import { DOCX, extractText, PDF, PLAIN_TEXT } from './text-extraction';
import { docxWithParagraphs, pdfWithPages } from '../test-files';

// PDF parsing runs in this process; on two busy cores a parse can take seconds.
jest.setTimeout(60_000);

const LIMITS = { maxParsedFileBytes: 1024 * 1024, maxTextChars: 10_000 };
const opener = (content: Buffer) => async () => Readable.from([content]);

describe('extractText', () => {
  // The first PDF loads PDF.js (a 1.6 MB module jest transforms once), which takes far longer than a
  // test's 5 s on a loaded machine: done here, once, with room to spare.
  beforeAll(async () => {
    const warm = await pdfWithPages(['warm-up']);
    await extractText(PDF, warm.length, opener(warm), LIMITS);
  }, 180_000);

  it('extracts the text of every page of a PDF, sniffed as application/pdf', async () => {
    const pdf = await pdfWithPages(['Indemnification clause breached', 'Second page: estoppel']);
    const result = await extractText(PDF, pdf.length, opener(pdf), LIMITS);
    expect(result).toEqual({ status: 'extracted', text: expect.any(String), truncated: false });
    const text = (result as { text: string }).text;
    expect(text).toContain('Indemnification clause breached');
    expect(text).toContain('Second page: estoppel');
  });

  it('extracts the paragraphs of a DOCX, sniffed as a Word document', async () => {
    const docx = await docxWithParagraphs(['Settlement memorandum', 'Privileged & confidential']);
    const result = await extractText(DOCX, docx.length, opener(docx), LIMITS);
    expect(result.status).toBe('extracted');
    expect((result as { text: string }).text).toMatch(/Settlement memorandum\s+Privileged & confidential/);
  });

  it('reads plain text only up to the cap and says it was cut', async () => {
    let chunksRead = 0;
    const content = async () =>
      Readable.from(
        (function* () {
          for (let index = 0; index < 1000; index += 1) {
            chunksRead += 1;
            yield Buffer.from('contract '.repeat(1000));
          }
        })(),
      );
    const result = await extractText(PLAIN_TEXT, 9_000_000, content, LIMITS);
    expect(result).toEqual({ status: 'extracted', text: expect.any(String), truncated: true });
    expect((result as { text: string }).text).toHaveLength(LIMITS.maxTextChars);
    // Reading stopped at the cap instead of draining the whole file.
    expect(chunksRead).toBeLessThan(5);
  });

  it('keeps multi-byte characters split across chunks and drops NUL characters', async () => {
    const bytes = Buffer.from('Müller\u0000 vs. Société', 'utf8');
    const content = async () => Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]);
    const result = await extractText(PLAIN_TEXT, bytes.length, content, LIMITS);
    expect(result).toEqual({ status: 'extracted', text: 'Müller  vs. Société', truncated: false });
  });

  it('skips unsupported types, files too large to parse and unreadable files, saying why', async () => {
    const never = async (): Promise<Readable> => {
      throw new Error('must not be opened');
    };
    expect(await extractText('image/png', 10, never, LIMITS)).toEqual({
      status: 'skipped',
      reason: 'unsupported-media-type',
    });
    expect(await extractText(PDF, LIMITS.maxParsedFileBytes + 1, never, LIMITS)).toMatchObject({
      status: 'skipped',
      reason: 'too-large',
    });
    const broken = Buffer.from('%PDF-1.7\nthis is not really a PDF');
    expect(await extractText(PDF, broken.length, opener(broken), LIMITS)).toMatchObject({
      status: 'skipped',
      reason: 'unreadable',
    });
    const blankPdf = await pdfWithPages(['']);
    expect(await extractText(PDF, blankPdf.length, opener(blankPdf), LIMITS)).toEqual({
      status: 'skipped',
      reason: 'no-text',
    });
  });
});
