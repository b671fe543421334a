import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AuditRecordedV1 } from '@lawfirm/contracts';
import { normaliseAuditRecord, TRUNCATION_MARKER, truncateText, type AuditRecordInput } from './audit-record';

function violations(record: AuditRecordedV1): string[] {
  return validateSync(plainToInstance(AuditRecordedV1, record)).map((error) => error.property);
}

function requestRecord(overrides: Partial<AuditRecordInput> = {}): AuditRecordInput {
  return {
    category: 'request',
    actorType: 'user',
    actorId: 'user-1',
    action: 'GET /v1/clients',
    method: 'GET',
    route: '/v1/clients',
    status: 200,
    ip: '127.0.0.1',
    requestId: 'request-1',
    durationMs: 3,
    at: new Date().toISOString(),
    ...overrides,
  };
}

describe('normaliseAuditRecord', () => {
  it('keeps a record that is already valid as it is', () => {
    const record = requestRecord();
    expect(normaliseAuditRecord(record)).toEqual(record);
  });

  it('moves an address that is not an IP into details.forwardedFor, so the record still validates', () => {
    const record = normaliseAuditRecord(requestRecord({ ip: 'not-an-ip', details: { note: 'kept' } }));
    expect(record.ip).toBeUndefined();
    expect('ip' in record).toBe(false);
    expect(record.details).toEqual({ note: 'kept', forwardedFor: 'not-an-ip' });
    expect(violations(record)).toEqual([]);
  });

  it('truncates a 10,000-character path with a marker instead of dropping it', () => {
    const path = `/v1/${'a'.repeat(10_000)}`;
    const record = normaliseAuditRecord(requestRecord({ action: `GET ${path}`, route: path }));
    expect(record.route).toHaveLength(500);
    expect(record.route?.startsWith('/v1/aaa')).toBe(true);
    expect(record.route?.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(record.action.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(violations(record)).toEqual([]);
  });

  it('passes validation with hostile values in every field', () => {
    const odd = '\u{1F600}\u202E\uFEFF\u0301\uD800x\uDC00'.repeat(2_000);
    const record = normaliseAuditRecord(
      requestRecord({
        action: odd,
        method: odd,
        route: odd,
        resourceType: odd,
        resourceId: odd,
        userAgent: `agent\u0000${odd}`,
        requestId: odd,
        reason: odd,
        ip: `${odd}, 10.0.0.1`,
        status: 1_000,
        durationMs: -5.5,
      }),
    );
    expect(violations(record)).toEqual([]);
    expect(record.method?.length).toBeLessThanOrEqual(10);
    expect(record.status).toBeUndefined();
    expect(record.durationMs).toBe(0);
    expect(JSON.stringify(record)).not.toMatch(/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
  });
});

describe('truncateText', () => {
  it('never splits a surrogate pair at the cut', () => {
    const kept = 'a'.repeat(30 - TRUNCATION_MARKER.length - 1);
    expect(truncateText(`${kept}\u{1F600}${'tail'.repeat(10)}`, 30)).toBe(`${kept}${TRUNCATION_MARKER}`);
  });

  it('replaces NUL and lone surrogates, which PostgreSQL refuses', () => {
    expect(truncateText('a\u0000b\uD800c', 100)).toBe('a\uFFFDb\uFFFDc');
  });
});
