import { randomUUID } from 'node:crypto';
import { bodyLimitFor, DEFAULT_BODY_LIMIT_BYTES, serviceForPath } from '@lawfirm/contracts';

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
