import { renderTemplatePdf } from './template-pdf';

const pageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

describe('renderTemplatePdf', () => {
  it('writes a PDF whose page footers add no pages of their own', async () => {
    const short = await renderTemplatePdf('Letter', 'One line.');
    expect(short.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageCount(short)).toBe(1);
    // About a page and a half of text: two pages, each with its "Page n of 2" footer.
    const long = await renderTemplatePdf(
      'Letter',
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(90),
    );
    expect(pageCount(long)).toBe(2);
  });
});
