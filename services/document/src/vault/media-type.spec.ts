import { sniffMediaType } from './media-type';

describe('sniffMediaType', () => {
  it('recognises a PDF by its signature whatever it is called', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    expect(await sniffMediaType(pdf)).toBe('application/pdf');
  });

  it('recognises a PNG', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    expect(await sniffMediaType(png)).toBe('image/png');
  });

  it('calls clean UTF-8 text plain text and anything else octet-stream', async () => {
    expect(await sniffMediaType(Buffer.from('Privileged memo — café\n'))).toBe('text/plain');
    expect(await sniffMediaType(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]))).toBe(
      'application/octet-stream',
    );
    expect(await sniffMediaType(Buffer.alloc(0))).toBe('application/octet-stream');
  });
});
