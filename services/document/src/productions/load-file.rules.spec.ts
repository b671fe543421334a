import { parseDat } from '../test-files';
import { DAT_FIELDS, datFile, nativePath, optFile } from './load-file.rules';

describe('load files', () => {
  it('writes a DAT that reads back field for field, with line breaks as ® and delimiters removed', () => {
    const row = {
      BEGBATES: 'ACME000001',
      ENDBATES: 'ACME000001',
      DOCID: 'd1',
      TITLE: 'Memo\r\nline two þ with¶ quote\u0014',
      CUSTODIAN: 'Smith, J.',
      FILENAME: 'memo.pdf',
      MEDIATYPE: 'application/pdf',
      SHA256: 'ab'.repeat(32),
      NATIVEPATH: 'NATIVES/ACME000001.pdf',
    };
    const text = datFile([row, { ...row, BEGBATES: 'ACME000002', ENDBATES: 'ACME000002', TITLE: 'Plain' }]);
    expect(text.split('\r\n')[0]).toBe(`\ufeff${DAT_FIELDS.map((field) => `þ${field}þ`).join('\u0014')}`);
    const parsed = parseDat(text);
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toEqual({ ...row, TITLE: 'Memo®line two  with¶ quote' });
    expect(parsed[1]?.BEGBATES).toBe('ACME000002');
  });

  it('writes one Opticon line per document with a document break and no commas inside a field', () => {
    expect(
      optFile([
        { imageKey: 'ACME000001', volume: 'VOL,1', imagePath: 'NATIVES/ACME000001.pdf' },
        { imageKey: 'ACME000002', volume: 'VOL,1', imagePath: 'NATIVES/ACME000002' },
      ]),
    ).toBe('ACME000001,VOL_1,NATIVES/ACME000001.pdf,Y,,,1\r\nACME000002,VOL_1,NATIVES/ACME000002,Y,,,1\r\n');
  });

  it('names natives by their first Bates number with the original extension', () => {
    expect(nativePath('ACME000007', 'Contract Final.DOCX')).toBe('NATIVES/ACME000007.docx');
    expect(nativePath('ACME000008', 'no-extension')).toBe('NATIVES/ACME000008');
  });
});
