import { randomUUID } from 'node:crypto';
import { describePath } from './describe-path';

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

  it('keeps a calendar feed secret out of the route, so the audit trail never holds a working feed URL', () => {
    const secret = 'lfcal_Zm9vYmFyYmF6cXV4LXNlY3JldC10b2tlbi12YWx1ZQ';

    expect(describePath(`/v1/calendar-feeds/${secret}/calendar.ics`)).toEqual({
      route: '/v1/calendar-feeds/:token/calendar.ics',
    });
  });

  it('leaves a feed id (a UUID) on the feed management routes to the id rule', () => {
    const feedId = randomUUID();

    expect(describePath(`/v1/calendar-feeds/${feedId}/rotate`)).toEqual({
      route: '/v1/calendar-feeds/:id/rotate',
      resourceId: feedId,
    });
  });
});
