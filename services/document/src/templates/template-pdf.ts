import PDFDocument from 'pdfkit';

/** A merged template as a PDF (pdfkit): its title, then its text, and "Page n of m" on every page. */
export async function renderTemplatePdf(title: string, text: string): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'LETTER', margin: 72, bufferPages: true, info: { Title: title } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  pdf.font('Helvetica-Bold').fontSize(14).text(title, { align: 'left' });
  pdf.moveDown();
  pdf.font('Helvetica').fontSize(11).text(text, { align: 'left', lineGap: 2 });
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    pdf.switchToPage(index);
    // The footer sits in the bottom margin: with the margin in force pdfkit would start a new page for it.
    const bottomMargin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font('Helvetica')
      .fontSize(8)
      .text(`Page ${index - range.start + 1} of ${range.count}`, 72, pdf.page.height - 50, {
        width: pdf.page.width - 144,
        align: 'center',
        lineBreak: false,
      });
    pdf.page.margins.bottom = bottomMargin;
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}
