import { randomUUID } from 'node:crypto';
import { bodyLimitFor, DEFAULT_BODY_LIMIT_BYTES, serviceForPath } from '@lawfirm/contracts';
import { describePath } from './service-router';

// The gateway routes by the HTTP manifest; these are the paths its callers rely on.
describe('serviceForPath', () => {
  const id = randomUUID();

  it.each([
    ['/v1/clients', 'intake'],
    ['/v1/clients/', 'intake'],
    [`/v1/clients/${id}`, 'intake'],
    ['/v1/matters', 'intake'],
    [`/v1/matters/${id}`, 'intake'],
    [`/v1/matters/${id}/close`, 'intake'],
    [`/v1/matters/${id}/wipe`, 'intake'],
    [`/v1/matters/${id}/wip`, 'billing'],
    [`/v1/matters/${id}/wip/`, 'billing'],
    ['/v1/time-entries', 'timekeeping'],
    [`/v1/time-entries/${id}`, 'timekeeping'],
    [`/v1/time-entries/${id}/approve`, 'timekeeping'],
    ['/v1/time-entries:batch', 'timekeeping'],
    // The manifest lets an exact route end in a slash (as `/wip/` always could); timekeeping itself answers 404 there.
    ['/v1/time-entries:batch/', 'timekeeping'],
    ['/v1/timekeeper-classifications', 'timekeeping'],
    ['/v1/timekeeper-classifications/SRASSC', 'timekeeping'],
    [`/v1/clients/${id}/billing-guidelines`, 'timekeeping'],
  ])('sends %s to %s', (path, service) => {
    expect(serviceForPath(path)).toBe(service);
  });

  it.each([
    '/',
    '/v1',
    '/v1/unknown',
    '/v1/clientsx',
    '/v1/matters-archive',
    '/v2/clients',
    '/clients',
    '/v1/time-entriesx',
    '/v1/time-entries:batchx',
    '/v1/time-entries:import',
    '/v1/time-entries:',
    '/v1/timekeeper-classificationsx',
  ])('finds no service for %s', (path) => {
    expect(serviceForPath(path)).toBeUndefined();
  });
});

describe('bodyLimitFor', () => {
  it('allows 16 MiB on the batch-import route, whose 10,000 entries run to several MB', () => {
    expect(bodyLimitFor('/v1/time-entries:batch')).toBe(16 * 1024 * 1024);
  });

  it.each(['/v1/time-entries', '/v1/time-entries/bulk-submit', '/v1/auth/token', '/v1/time-entries:batchx'])(
    'keeps the 1 MiB default on %s',
    (path) => {
      expect(bodyLimitFor(path)).toBe(DEFAULT_BODY_LIMIT_BYTES);
      expect(DEFAULT_BODY_LIMIT_BYTES).toBe(1024 * 1024);
    },
  );
});

describe('describePath', () => {
  it('replaces a UUID segment with :id and returns that id when the path has one', () => {
    const matterId = randomUUID();

    expect(describePath(`/v1/matters/${matterId}/wip`)).toEqual({
      route: '/v1/matters/:id/wip',
      resourceId: matterId,
    });
  });

  it('replaces every UUID segment and returns the first id when the path has several', () => {
    const matterId = randomUUID();
    const documentId = randomUUID();

    expect(describePath(`/v1/matters/${matterId}/documents/${documentId}`)).toEqual({
      route: '/v1/matters/:id/documents/:id',
      resourceId: matterId,
    });
  });

  it('returns the id in lower case when the path spells it in upper case', () => {
    const timeEntryId = randomUUID();

    expect(describePath(`/v1/time-entries/${timeEntryId.toUpperCase()}/approve`)).toEqual({
      route: '/v1/time-entries/:id/approve',
      resourceId: timeEntryId,
    });
  });

  it('leaves the path alone and returns no id when it has no UUID segment', () => {
    expect(describePath('/v1/clients')).toEqual({ route: '/v1/clients' });
  });

  it('leaves a segment alone when a UUID is only part of it', () => {
    const id = randomUUID();

    expect(describePath(`/v1/clients/${id}x`)).toEqual({ route: `/v1/clients/${id}x` });
    expect(describePath(`/v1/clients/x${id}`)).toEqual({ route: `/v1/clients/x${id}` });
  });

  it('gives the same route on repeated calls', () => {
    const path = `/v1/matters/${randomUUID()}`;

    expect(describePath(path)).toEqual(describePath(path));
  });
});

describe('serviceForPath (timekeeping features)', () => {
  const id = '0195a7c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d';
  it.each([
    [`/v1/clients/${id}/billing-guidelines`, 'timekeeping'],
    [`/v1/clients/${id}/billing-guidelines/versions`, 'timekeeping'],
    [`/v1/clients/${id}/consents`, 'intake'],
    ['/v1/timekeepers', 'timekeeping'],
    [`/v1/timers/${id}/stop`, 'timekeeping'],
    [`/v1/expenses/${id}/approve`, 'timekeeping'],
    ['/v1/utbms-codes', 'timekeeping'],
    ['/v1/conflict-checks', 'intake'],
    ['/v1/leads', 'intake'],
  ])('sends %s to %s', (path, service) => {
    expect(serviceForPath(path)).toBe(service);
  });
});
