/**
 * Load files for a production in the formats review platforms import (Concordance/Relativity):
 *
 * - DAT: one header line of field names, then one line per document; every field wrapped in þ
 *   (U+00FE, the quote character) and separated by U+0014 (the column character, ASCII 20, that
 *   Concordance shows as ¶); a line break inside a value becomes ® (U+00AE, its newline
 *   character); lines end CRLF; UTF-8 with a byte-order mark, so importers detect the encoding.
 * - OPT (Opticon): one line per page, `ImageKey,Volume,ImagePath,DocumentBreak,FolderBreak,
 *   BoxBreak,PageCount`; numbering is per document here, so one line per document, its native file
 *   as the image, `Y` for the document break and a page count of 1.
 */
export const DAT_QUOTE = '\u00fe';
export const DAT_SEPARATOR = '\u0014';
export const DAT_NEWLINE = '\u00ae';
const BOM = '\ufeff';

export const DAT_FIELDS = [
  'BEGBATES',
  'ENDBATES',
  'DOCID',
  'TITLE',
  'CUSTODIAN',
  'FILENAME',
  'MEDIATYPE',
  'SHA256',
  'NATIVEPATH',
] as const;

export type DatRow = Record<(typeof DAT_FIELDS)[number], string>;

export interface OptRow {
  imageKey: string;
  volume: string;
  imagePath: string;
}

/** A DAT value: its own quote and separator characters cannot be escaped in the format, so they go. */
function datValue(value: string): string {
  return value
    .replaceAll(DAT_QUOTE, '')
    .replaceAll(DAT_SEPARATOR, '')
    .replace(/\r\n|\r|\n/g, DAT_NEWLINE);
}

export function datFile(rows: readonly DatRow[]): string {
  const line = (values: readonly string[]): string =>
    values.map((value) => `${DAT_QUOTE}${datValue(value)}${DAT_QUOTE}`).join(DAT_SEPARATOR);
  return `${BOM}${[line(DAT_FIELDS), ...rows.map((row) => line(DAT_FIELDS.map((field) => row[field])))].join('\r\n')}\r\n`;
}

/** An OPT value: commas separate its fields and nothing quotes them. */
function optValue(value: string): string {
  return value.replace(/[,\r\n]/g, '_');
}

export function optFile(rows: readonly OptRow[]): string {
  return rows
    .map((row) =>
      [optValue(row.imageKey), optValue(row.volume), optValue(row.imagePath), 'Y', '', '', '1'].join(','),
    )
    .map((line) => `${line}\r\n`)
    .join('');
}

/** The file name a native gets in the archive: its first Bates number and the original extension. */
export function nativePath(begBates: string, fileName: string): string {
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(fileName)?.[1]?.toLowerCase();
  return `NATIVES/${begBates}${extension ? `.${extension}` : ''}`;
}
