import { randomUUID } from 'node:crypto';
import { describePath, routeFor } from './service-router';

describe('routeFor', () => {
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
  ])('sends %s to %s', (path, service) => {
    expect(routeFor(path)).toBe(service);
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
  ])('finds no service for %s', (path) => {
    expect(routeFor(path)).toBeUndefined();
  });
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
