import {
  bodyLimitFor,
  DEFAULT_BODY_LIMIT_BYTES,
  HTTP_ROUTES,
  DOCUMENT_UPLOAD_BODY_LIMIT_BYTES,
  largeBodyRoutesOf,
  serviceForPath,
  streamsBodyOn,
} from './http';

describe('HTTP manifest', () => {
  it('routes each public path to the service that owns it', () => {
    expect(serviceForPath('/v1/clients')).toBe('intake');
    expect(serviceForPath('/v1/matters/6f1c2b1e-0000-4000-8000-000000000001')).toBe('intake');
    expect(serviceForPath('/v1/matters/6f1c2b1e-0000-4000-8000-000000000001/wip')).toBe('billing');
    expect(serviceForPath('/v1/matters/6f1c2b1e-0000-4000-8000-000000000001/wip/')).toBe('billing');
    expect(serviceForPath('/v1/clients/abc/billing-guidelines')).toBe('timekeeping');
    expect(serviceForPath('/v1/clients/abc/billing-guidelines/3')).toBe('timekeeping');
    expect(serviceForPath('/v1/time-entries')).toBe('timekeeping');
    expect(serviceForPath('/v1/time-entries/x/approve')).toBe('timekeeping');
    expect(serviceForPath('/v1/time-entries:batch')).toBe('timekeeping');
  });

  it('owns nothing it does not name', () => {
    for (const path of ['/', '/v1', '/v1/clientsx', '/v1/time-entries:other', '/v2/clients', '/health'])
      expect(serviceForPath(path)).toBeUndefined();
  });

  it('lets the most specific rule win whatever the order of the list', () => {
    // Billing's matter rules come after intake's /v1/matters prefix in the list and still beat it.
    const intakeMatters = HTTP_ROUTES.findIndex((rule) => rule.path === '/v1/matters');
    expect(HTTP_ROUTES.findIndex((rule) => rule.service === 'billing')).toBeGreaterThan(intakeMatters);
    expect(serviceForPath('/v1/matters/m/wip')).toBe('billing');
    expect(serviceForPath('/v1/matters/m/billing-terms')).toBe('billing');
    expect(serviceForPath('/v1/matters/m')).toBe('intake');
  });

  it('gives bulk import 16 MiB and every other path the 1 MiB default', () => {
    expect(bodyLimitFor('/v1/time-entries:batch')).toBe(16 * 1024 * 1024);
    expect(bodyLimitFor('/v1/time-entries')).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(bodyLimitFor('/v1/unknown')).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(largeBodyRoutesOf('timekeeping')).toEqual([
      { path: '/v1/time-entries:batch', bodyLimitBytes: 16 * 1024 * 1024 },
    ]);
    expect(largeBodyRoutesOf('intake')).toEqual([]);
  });

  it("gives a matter's documents to document, and streams only its two upload routes", () => {
    expect(serviceForPath('/v1/matters/m/documents')).toBe('document');
    expect(serviceForPath('/v1/matters/m/privilege-log.csv')).toBe('document');
    expect(serviceForPath('/v1/documents/d/content')).toBe('document');
    expect(serviceForPath('/v1/holds/h/release')).toBe('document');
    expect(streamsBodyOn('/v1/matters/m/documents')).toBe(true);
    expect(streamsBodyOn('/v1/documents/d/versions')).toBe(true);
    expect(streamsBodyOn('/v1/documents/d/destruction')).toBe(false);
    expect(streamsBodyOn('/v1/time-entries:batch')).toBe(false);
    expect(bodyLimitFor('/v1/documents/d/versions')).toBe(DOCUMENT_UPLOAD_BODY_LIMIT_BYTES);
    expect(bodyLimitFor('/v1/documents/d/destruction')).toBe(DEFAULT_BODY_LIMIT_BYTES);
  });
});
