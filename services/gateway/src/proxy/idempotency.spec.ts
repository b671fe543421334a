import { idempotencyKeyOf, requestFingerprint } from './idempotency';

describe('idempotencyKeyOf', () => {
  it('takes a key of 1 to 255 printable ASCII characters, or none', () => {
    expect(idempotencyKeyOf({})).toBeUndefined();
    expect(idempotencyKeyOf({ 'idempotency-key': '9f1c1d2e-7a0b-4c55-9f1e-3b8d2c1a0f00' })).toBe(
      '9f1c1d2e-7a0b-4c55-9f1e-3b8d2c1a0f00',
    );
    expect(idempotencyKeyOf({ 'idempotency-key': 'x'.repeat(255) })).toHaveLength(255);
  });

  it.each([
    [''],
    ['x'.repeat(256)],
    ['has space'],
    ['tab\\there'.replace('\\t', '\t')],
    ['naïve'],
    [['a', 'b']],
  ])('refuses %j naming the header', (value) => {
    expect(() => idempotencyKeyOf({ 'idempotency-key': value as string })).toThrow(
      expect.objectContaining({
        kind: 'validation',
        fieldErrors: [expect.objectContaining({ field: 'Idempotency-Key' })],
      }),
    );
  });
});

describe('requestFingerprint', () => {
  const body = { kind: 'company', name: 'Acme' };

  it('is the same for the same method, path, query and body', () => {
    expect(requestFingerprint('POST', '/v1/clients', body)).toBe(
      requestFingerprint('POST', '/v1/clients', { ...body }),
    );
  });

  it('differs when any of them differs', () => {
    const base = requestFingerprint('POST', '/v1/clients', body);
    expect(requestFingerprint('PUT', '/v1/clients', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/clients?x=1', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/matters', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/clients', { ...body, name: 'Acme Inc' })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/clients', undefined)).not.toBe(base);
  });
});

describe('requestFingerprint of a raw upload', () => {
  it('hashes the bytes: the same bytes match, other bytes do not, and JSON of them is not the same request', () => {
    const bytes = Buffer.from('%PDF-1.7 ...');
    const base = requestFingerprint('POST', '/v1/documents', bytes);
    expect(requestFingerprint('POST', '/v1/documents', Buffer.from('%PDF-1.7 ...'))).toBe(base);
    expect(requestFingerprint('POST', '/v1/documents', Buffer.from('%PDF-1.7 ..!'))).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/documents', bytes.toJSON())).not.toBe(base);
  });
});
