import archiver from 'archiver';
import PDFDocument from 'pdfkit';
import { PassThrough } from 'node:stream';

/** Test files for the document specs, made here rather than shipped: a PDF with one text block per page (pdfkit). */
export async function pdfWithPages(pages: readonly string[]): Promise<Buffer> {
  const pdf = new PDFDocument({ autoFirstPage: false });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => pdf.on('end', () => resolve()));
  for (const text of pages) {
    pdf.addPage();
    pdf.text(text);
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The smallest DOCX Word opens: content types, the package relationship and one paragraph per entry. */
export async function docxWithParagraphs(paragraphs: readonly string[]): Promise<Buffer> {
  const zip = archiver('zip');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', () => resolve());
    zip.on('error', reject);
  });
  zip.pipe(out);
  zip.append(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`,
    { name: '[Content_Types].xml' },
  );
  zip.append(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`,
    { name: '_rels/.rels' },
  );
  zip.append(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs
      .map((text) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`)
      .join('')}</w:body></w:document>`,
    { name: 'word/document.xml' },
  );
  await zip.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** Reads a DAT load file back the way an importer does: BOM, CRLF lines, þ-quoted fields split on U+0014. */
export function parseDat(text: string): Array<Record<string, string>> {
  if (!text.startsWith('\ufeff')) throw new Error('DAT without a byte-order mark');
  const lines = text.slice(1).split('\r\n').filter(Boolean);
  const split = (line: string): string[] =>
    line.split('\u0014').map((field) => {
      if (!(field.startsWith('\u00fe') && field.endsWith('\u00fe')))
        throw new Error(`unquoted DAT field ${field}`);
      return field.slice(1, -1);
    });
  const [header, ...rows] = lines.map(split);
  return rows.map((row) => Object.fromEntries((header ?? []).map((name, index) => [name, row[index] ?? ''])));
}
