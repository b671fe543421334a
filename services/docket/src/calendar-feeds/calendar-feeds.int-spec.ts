/** Calendar feeds against real PostgreSQL: secret URLs (hashed, rotatable, revocable), RFC 5545 parsed back, isolation, bad input, races. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import * as nodeIcal from 'node-ical';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { DocketConfig } from '../config';

describe('Docket calendar feeds', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(DocketConfig, serviceTestEnv('docket', { REMINDER_SWEEP_INTERVAL_MS: '0' }));
    app = await bootService('docket', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  async function attorneyWithMatter(): Promise<{ call: CallerClient; matterId: string }> {
    const caller = newCaller({ roles: ['attorney'] });
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    return { call: serviceClient(app).as(caller), matterId };
  }

  function expectProblem(response: TestResponse, status: number, field?: string): void {
    expect(response.status).toBe(status);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    if (field)
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  }

  const outsider = (): CallerClient => serviceClient(app).anonymous();

  async function fetchCalendar(path: string): Promise<{ response: TestResponse; events: nodeIcal.VEvent[] }> {
    const response = await outsider().get(path);
    const events =
      response.status === 200
        ? (Object.values(nodeIcal.sync.parseICS(String(response.text ?? response.body))).filter(
            (component) => component?.type === 'VEVENT',
          ) as nodeIcal.VEvent[])
        : [];
    return { response, events };
  }

  async function docketOf(
    call: CallerClient,
    matterId: string,
  ): Promise<{ deadlineId: string; eventId: string }> {
    const trigger = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'interrogatories-served',
      triggerDate: '2026-10-27',
      serviceMethod: 'mail',
    });
    expect(trigger.status).toBe(201);
    const event = await call.post(`/v1/matters/${matterId}/court-events`, {
      kind: 'hearing',
      title: 'Hearing on motion to compel',
      startsAt: '2026-12-15T10:00:00-05:00',
      endsAt: '2026-12-15T11:00:00-05:00',
      timeZone: 'America/New_York',
      courtRoom: '15A',
    });
    expect(event.status).toBe(201);
    return { deadlineId: trigger.body.deadlines[0].id, eventId: event.body.id };
  }

  it("serves a matter's deadlines (all-day) and court events (zoned) from a secret URL whose secret is kept only hashed", async () => {
    const { call, matterId } = await attorneyWithMatter();
    const { deadlineId, eventId } = await docketOf(call, matterId);
    const created = await call.post('/v1/calendar-feeds', { scope: 'matter', matterId });
    expect(created.status).toBe(201);
    const { token, path, feed } = created.body;
    expect(token).toMatch(/^lfcal_[A-Za-z0-9_-]{43}$/);
    expect(path).toBe(`/v1/calendar-feeds/${token}/calendar.ics`);
    expect(feed).toMatchObject({ scope: 'matter', matterId, tokenHint: token.slice(0, 10), revokedAt: null });
    const stored = await withTenant(app.get(DataSource), call.caller.firmId, (manager) =>
      manager.query(`SELECT token_hash FROM calendar_feeds WHERE id = $1`, [feed.id]),
    );
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token.slice(6));

    const { response, events } = await fetchCalendar(path);
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toContain('text/calendar');
    const byUid = new Map(events.map((event) => [event.uid, event]));
    const deadline = byUid.get(`deadline-${deadlineId}@docket.lawfirm`)!;
    expect(deadline.datetype).toBe('date');
    expect([deadline.start.getFullYear(), deadline.start.getMonth() + 1, deadline.start.getDate()]).toEqual([
      2026, 11, 30,
    ]);
    expect(deadline.description).toContain('Thanksgiving Day');
    const hearing = byUid.get(`court-event-${eventId}@docket.lawfirm`)!;
    expect(hearing.start.toISOString()).toBe('2026-12-15T15:00:00.000Z');
    expect(hearing.start.tz).toBe('America/New_York');
    expect(Number(hearing.sequence)).toBe(0);

    // Rescheduled: same UID, a higher SEQUENCE, the new time.
    await call.patch(`/v1/court-events/${eventId}`, {
      startsAt: '2026-12-16T14:00:00-05:00',
      endsAt: '2026-12-16T15:00:00-05:00',
    });
    const again = (await fetchCalendar(path)).events.find(
      (event) => event.uid === `court-event-${eventId}@docket.lawfirm`,
    )!;
    expect(Number(again.sequence)).toBe(1);
    expect(again.start.toISOString()).toBe('2026-12-16T19:00:00.000Z');
  });

  it("gives a user's feed the firm's docket across matters and nothing of another firm", async () => {
    const { call, matterId } = await attorneyWithMatter();
    const secondMatter = await publishMatterAndWait(app, producer, call.caller.firmId);
    await docketOf(call, matterId);
    await docketOf(call, secondMatter);
    const other = await attorneyWithMatter();
    await docketOf(other.call, other.matterId);
    const created = await call.post('/v1/calendar-feeds', { scope: 'user', name: 'My docket' });
    expect(created.status).toBe(201);
    const { events } = await fetchCalendar(created.body.path);
    expect(events).toHaveLength(4);
    expect((await call.get('/v1/calendar-feeds')).body.items.map((item: { id: string }) => item.id)).toEqual([
      created.body.feed.id,
    ]);
    expect((await other.call.get('/v1/calendar-feeds')).body.items).toEqual([]);
  });

  it('rotates a secret (the old URL answers 404) and revokes a feed exactly once of twenty concurrent requests', async () => {
    const { call, matterId } = await attorneyWithMatter();
    await docketOf(call, matterId);
    const created = await call.post('/v1/calendar-feeds', { scope: 'matter', matterId });
    const rotated = await call.post(`/v1/calendar-feeds/${created.body.feed.id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).not.toBe(created.body.token);
    expectProblem((await fetchCalendar(created.body.path)).response, 404);
    expect((await fetchCalendar(rotated.body.path)).response.status).toBe(200);

    const revokes = await Promise.all(
      Array.from({ length: 20 }, () => call.post(`/v1/calendar-feeds/${created.body.feed.id}/revoke`)),
    );
    expect(revokes.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of revokes.filter((candidate) => candidate.status !== 200))
      expect(response.body).toMatchObject({ status: 409, code: 'calendar_feed_revoked' });
    expectProblem((await fetchCalendar(rotated.body.path)).response, 404);
    expectProblem(await call.post(`/v1/calendar-feeds/${created.body.feed.id}/rotate`), 409);
    const actions = await withTenant(app.get(DataSource), call.caller.firmId, (manager) =>
      manager.query(
        `SELECT envelope->'data'->>'action' AS action FROM outbox WHERE envelope->'data'->>'resourceType' = 'calendar_feed' ORDER BY created_at, id`,
      ),
    );
    expect(actions.map((row: { action: string }) => row.action)).toEqual([
      'calendar-feed.created',
      'calendar-feed.rotated',
      'calendar-feed.revoked',
    ]);
  });

  it("answers 404 for another firm's or another user's feed and for another firm's matter", async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post('/v1/calendar-feeds', { scope: 'matter', matterId });
    const id = created.body.feed.id;
    const otherFirm = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    expectProblem(await otherFirm.post(`/v1/calendar-feeds/${id}/revoke`), 404);
    expectProblem(await otherFirm.post(`/v1/calendar-feeds/${id}/rotate`), 404);
    expectProblem(await otherFirm.post('/v1/calendar-feeds', { scope: 'matter', matterId }), 404);
    const colleague = serviceClient(app).as(colleagueOf(call.caller, ['paralegal']));
    expectProblem(await colleague.post(`/v1/calendar-feeds/${id}/revoke`), 404);
    // A firm admin may revoke a colleague's feed (someone left the firm).
    const admin = serviceClient(app).as(colleagueOf(call.caller, ['firm-admin']));
    expect((await admin.post(`/v1/calendar-feeds/${id}/revoke`)).status).toBe(200);
  });

  it('refuses bad input field by field, and answers 404 for a malformed or unknown secret', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ scope: 'team' }, 'scope'],
      [{ scope: null }, 'scope'],
      [{ scope: 'matter' }, 'matterId'],
      [{ scope: 'matter', matterId: 'x' }, 'matterId'],
      [{ scope: 'user', matterId }, 'matterId'],
      [{ scope: 'user', name: 'My\u0000docket' }, 'name'],
      [{ scope: 'user', name: 'My \udc00 docket' }, 'name'],
      [{ scope: 'user', name: null }, 'name'],
      [{ scope: 'user', name: '   ' }, 'name'],
      [{ scope: 'user', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) expectProblem(await call.post('/v1/calendar-feeds', body), 400, field);
    expect((await call.get('/v1/calendar-feeds')).body.items).toEqual([]);
    expectProblem(await outsider().get('/v1/calendar-feeds/nope/calendar.ics'), 404);
    expectProblem(await outsider().get(`/v1/calendar-feeds/lfcal_${'A'.repeat(43)}/calendar.ics`), 404);
    expectProblem(await outsider().get('/v1/calendar-feeds'), 401);
    expectProblem(await call.post(`/v1/calendar-feeds/${randomUUID()}/revoke`), 404);
  });
});
