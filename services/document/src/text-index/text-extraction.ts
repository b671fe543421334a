import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PLAIN_TEXT = 'text/plain';

/** Why a version has no searchable text. */
export type SkipReason = 'unsupported-media-type' | 'too-large' | 'unreadable' | 'no-text';

export type Extraction =
  | { status: 'extracted'; text: string; truncated: boolean }
  | { status: 'skipped'; reason: SkipReason; detail?: string };

export interface ExtractionLimits {
  /**
   * PDF and DOCX parsers need the whole file in memory (PDF.js reads the cross-reference table at the
   * end, mammoth the ZIP's central directory): larger files are skipped rather than buffered.
   */
  maxParsedFileBytes: number;
  /** Text kept per version (UTF-16 code units); the rest is not indexed. */
  maxTextChars: number;
}

/** The media types with text we can extract. */
export function isExtractable(mediaType: string): boolean {
  return mediaType === PLAIN_TEXT || mediaType === PDF || mediaType === DOCX;
}

/**
 * The searchable text of a version's plaintext, from its sniffed media type: plain text is decoded as
 * it streams and reading stops at the cap; PDF (unpdf, PDF.js) and DOCX (mammoth) are parsed from a
 * buffer only when the file is at most `maxParsedFileBytes`. Never throws for bad content: an
 * unreadable file is skipped with its reason.
 */
export async function extractText(
  mediaType: string,
  sizeBytes: number,
  open: () => Promise<Readable>,
  limits: ExtractionLimits,
): Promise<Extraction> {
  if (!isExtractable(mediaType)) return { status: 'skipped', reason: 'unsupported-media-type' };
  if (mediaType === PLAIN_TEXT) return finish(...(await readTextPrefix(await open(), limits.maxTextChars)));
  if (sizeBytes > limits.maxParsedFileBytes)
    return { status: 'skipped', reason: 'too-large', detail: `over ${limits.maxParsedFileBytes} bytes` };
  let raw: string;
  try {
    const content = await readAll(await open(), limits.maxParsedFileBytes);
    raw = mediaType === PDF ? await pdfText(content) : await docxText(content);
  } catch (error) {
    return {
      status: 'skipped',
      reason: 'unreadable',
      detail: (error instanceof Error ? error.message : String(error)).slice(0, 200),
    };
  }
  const clean = cleanText(raw);
  return finish(clean.slice(0, limits.maxTextChars), clean.length > limits.maxTextChars);
}

function finish(text: string, truncated: boolean): Extraction {
  const cleaned = cleanText(text);
  return cleaned.trim() === ''
    ? { status: 'skipped', reason: 'no-text' }
    : { status: 'extracted', text: cleaned, truncated };
}

/**
 * PostgreSQL text cannot hold NUL, and a lone surrogate (a cut in the middle of a pair) is not
 * valid UTF-8: both go.
 */
export function cleanText(text: string): string {
  return text
    .replaceAll('\u0000', ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** Decodes UTF-8 as it arrives and stops reading once `maxChars` are in hand. */
async function readTextPrefix(stream: Readable, maxChars: number): Promise<[string, boolean]> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  try {
    for await (const chunk of stream) {
      text += decoder.write(chunk as Buffer);
      if (text.length > maxChars) {
        stream.destroy();
        return [text.slice(0, maxChars), true];
      }
    }
  } catch (error) {
    stream.destroy();
    throw error;
  }
  text += decoder.end();
  return text.length > maxChars ? [text.slice(0, maxChars), true] : [text, false];
}

async function readAll(stream: Readable, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      stream.destroy();
      throw new Error(`more than ${limitBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

let pdfjsDefined: Promise<void> | undefined;

/**
 * unpdf would load its PDF.js bundle with import('unpdf/pdfjs'), which jest's CommonJS runtime cannot
 * do; required by path it loads the same way in Node (require of an ES module) and in jest.
 */
function definePdfjs(): Promise<void> {
  pdfjsDefined ??= (async () => {
    const { definePDFJSModule } = await import('unpdf');
    const bundle = join(dirname(require.resolve('unpdf')), 'pdfjs.mjs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await definePDFJSModule(async () => require(bundle) as never);
  })();
  return pdfjsDefined;
}

async function pdfText(content: Buffer): Promise<string> {
  await definePdfjs();
  const { extractText: extractPdfText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(content.buffer, content.byteOffset, content.length));
  try {
    const { text } = await extractPdfText(pdf, { mergePages: false });
    return text.join('\n\f');
  } finally {
    await pdf.loadingTask.destroy();
  }
}

async function docxText(content: Buffer): Promise<string> {
  const mammoth = await import('mammoth');
  const { value } = await mammoth.extractRawText({ buffer: content });
  return value;
}
