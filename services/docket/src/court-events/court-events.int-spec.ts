/** Court events and reminders against real PostgreSQL and the broker: history, re-planning, exactly-once sweeps, isolation, bad input, races. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MatterClosedV1, TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  eventually,
  newCaller,
  parseJsonMessage,
  publishMatter,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testKafka,
  testProducer,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { DocketConfig } from '../config';

interface PublishedEvent {
  id: string;
  type: string;
  firmId: string;
  aggregateId: string;
  data: { reminderId?: string; leadMinutes?: number; itemAt?: string; reason?: string };
}

interface ReminderRow {
  id: string;
  leadMinutes: number;
  itemAt: string;
  dueAt: string;
  status: string;
}

const DAY = 86_400_000;

describe('Docket court events and reminders', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let consumer: Consumer;
  const published: PublishedEvent[] = [];

  beforeAll(async () => {
    // The background sweep stays off here: each test sends what is due with an explicit asOf.
    const config = loadConfig(DocketConfig, serviceTestEnv('docket', { REMINDER_SWEEP_INTERVAL_MS: '0' }));
    app = await bootService('docket', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
    consumer = testKafka().consumer({
      groupId: `docket-calendar-spec-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.reminder.name, TOPICS.courtEvent.name], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parseJsonMessage<PublishedEvent>(message.value);
        if (event) published.push(event);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await app?.close();
  });

  async function attorneyWithMatter(): Promise<{ call: CallerClient; matterId: string }> {
    const caller = newCaller({ roles: ['attorney'] });
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    return { call: serviceClient(app).as(caller), matterId };
  }

  function outboxOf(firmId: string): Promise<Array<{ type: string; action: string | null }>> {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data'->>'action' AS action FROM outbox ORDER BY created_at, id`,
      ),
    );
  }

  function expectProblem(response: TestResponse, status: number, field?: string): void {
    expect(response.status).toBe(status);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    if (field)
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  }

  /** An instant `days` from now at a whole minute, written with an offset of -05:00. */
  function inDays(days: number, hour = 10): string {
    const at = new Date(Date.now() + days * DAY);
    at.setUTCHours(hour + 5, 0, 0, 0);
    const local = new Date(at.getTime() - 5 * 3_600_000).toISOString().slice(0, 19);
    return `${local}-05:00`;
  }

  async function remindersOf(call: CallerClient, itemId: string): Promise<ReminderRow[]> {
    const response = await call.get(`/v1/reminders?itemId=${itemId}`);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  const hearing = (startsAt: string, endsAt: string): Record<string, unknown> => ({
    kind: 'hearing',
    title: 'Hearing on motion to compel',
    startsAt,
    endsAt,
    timeZone: 'America/New_York',
    location: 'U.S. District Court, 500 Pearl St., New York',
    courtRoom: '15A',
    judge: 'Hon. A. Smith',
    attendees: [{ name: 'Jane Roe', role: 'counsel', email: 'jane.roe@example.com' }],
  });

  it('schedules a hearing with its reminders (30, 7, 1 days and 2 hours before) and records it', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const startsAt = inDays(40);
    const created = await call.post(
      `/v1/matters/${matterId}/court-events`,
      hearing(startsAt, inDays(40, 11)),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      matterId,
      kind: 'hearing',
      status: 'scheduled',
      sequence: 0,
      timeZone: 'America/New_York',
      startsAt: new Date(startsAt).toISOString(),
      courtRoom: '15A',
      attendees: [{ name: 'Jane Roe', role: 'counsel', email: 'jane.roe@example.com' }],
    });
    const reminders = await remindersOf(call, created.body.id);
    expect(reminders.map((reminder) => [reminder.leadMinutes, reminder.status])).toEqual([
      [43_200, 'pending'],
      [10_080, 'pending'],
      [1_440, 'pending'],
      [120, 'pending'],
    ]);
    expect(reminders[3]!.dueAt).toBe(new Date(Date.parse(startsAt) - 2 * 3_600_000).toISOString());

    const read = await call.get(`/v1/court-events/${created.body.id}`);
    expect(read.body.history).toEqual([
      expect.objectContaining({ change: 'scheduled', fromStartsAt: null, status: 'scheduled' }),
    ]);
    expect((await call.get(`/v1/matters/${matterId}/court-events`)).body.items).toHaveLength(1);
    const from = new Date(Date.parse(startsAt) - DAY).toISOString().slice(0, 10);
    const to = new Date(Date.parse(startsAt) + DAY).toISOString().slice(0, 10);
    const ranged = await call.get(`/v1/court-events?from=${from}&to=${to}`);
    expect(ranged.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    expect(await outboxOf(call.caller.firmId)).toEqual([
      { type: 'docket.court-event.scheduled', action: null },
      { type: 'audit.recorded', action: 'court-event.scheduled' },
    ]);
  });

  it('re-plans reminders when an event is rescheduled or continued, and cancels them when it is vacated', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(
      `/v1/matters/${matterId}/court-events`,
      hearing(inDays(40), inDays(40, 11)),
    );
    const id = created.body.id;
    const newStart = inDays(50);
    const moved = await call.patch(`/v1/court-events/${id}`, { startsAt: newStart, endsAt: inDays(50, 12) });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ sequence: 1, status: 'scheduled' });
    let reminders = await remindersOf(call, id);
    expect(reminders.filter((reminder) => reminder.status === 'cancelled')).toHaveLength(4);
    const pending = reminders.filter((reminder) => reminder.status === 'pending');
    expect(pending).toHaveLength(4);
    for (const reminder of pending) expect(reminder.itemAt).toBe(new Date(newStart).toISOString());

    // A change of details only moves nothing.
    expect((await call.patch(`/v1/court-events/${id}`, { judge: 'Hon. B. Jones' })).body.sequence).toBe(2);
    expect((await remindersOf(call, id)).filter((reminder) => reminder.status === 'pending')).toHaveLength(4);

    const continued = await call.post(`/v1/court-events/${id}/continue`, { reason: 'Judge unavailable' });
    expect(continued.body).toMatchObject({ status: 'continued', sequence: 3 });
    reminders = await remindersOf(call, id);
    expect(reminders.filter((reminder) => reminder.status === 'pending')).toEqual([]);

    const reset = inDays(60);
    const continuedTo = await call.post(`/v1/court-events/${id}/continue`, {
      reason: 'New date set by order',
      startsAt: reset,
      endsAt: inDays(60, 11),
    });
    expect(continuedTo.body).toMatchObject({ status: 'continued', startsAt: new Date(reset).toISOString() });
    expect(
      (await remindersOf(call, id))
        .filter((reminder) => reminder.status === 'pending')
        .map((reminder) => reminder.itemAt),
    ).toEqual(Array(4).fill(new Date(reset).toISOString()));

    const vacated = await call.post(`/v1/court-events/${id}/vacate`, { reason: 'Case settled' });
    expect(vacated.body).toMatchObject({ status: 'vacated', sequence: 5 });
    expect((await remindersOf(call, id)).filter((reminder) => reminder.status === 'pending')).toEqual([]);
    expectProblem(await call.patch(`/v1/court-events/${id}`, { title: 'Again' }), 409);

    const history = (await call.get(`/v1/court-events/${id}`)).body.history;
    expect(history.map((line: { change: string }) => line.change)).toEqual([
      'scheduled',
      'rescheduled',
      'updated',
      'continued',
      'continued',
      'vacated',
    ]);
    expect(history[1]).toMatchObject({ toStartsAt: new Date(newStart).toISOString() });
    expect(history[5]).toMatchObject({ reason: 'Case settled', status: 'vacated' });
  });

  it('sends each due reminder exactly once, even with twenty sweeps at once', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const admin = serviceClient(app).as(colleagueOf(call.caller, ['firm-admin']));
    const startsAt = inDays(20);
    const created = await call.post(
      `/v1/matters/${matterId}/court-events`,
      hearing(startsAt, inDays(20, 11)),
    );
    const id = created.body.id;
    // 30 days before has passed already: only 7 days, 1 day and 2 hours are planned.
    expect((await remindersOf(call, id)).map((reminder) => reminder.leadMinutes)).toEqual([
      10_080, 1_440, 120,
    ]);

    // As of 6 days before: the 7-day reminder is due, the others are not.
    const asOf = new Date(Date.parse(startsAt) - 6 * DAY).toISOString();
    const sweeps = await Promise.all(
      Array.from({ length: 20 }, () => admin.post('/v1/reminders/sweep', { asOf })),
    );
    for (const sweep of sweeps) expect(sweep.status).toBe(200);
    const sent = sweeps.flatMap((sweep) => sweep.body.sent as ReminderRow[]);
    expect(sent.map((reminder) => reminder.leadMinutes)).toEqual([10_080]);
    expect((await admin.post('/v1/reminders/sweep', { asOf })).body.sent).toEqual([]);

    const later = new Date(Date.parse(startsAt) - 60 * 60_000).toISOString();
    const second = await Promise.all(
      Array.from({ length: 20 }, () => admin.post('/v1/reminders/sweep', { asOf: later })),
    );
    expect(
      second
        .flatMap((sweep) => sweep.body.sent as ReminderRow[])
        .map((reminder) => reminder.leadMinutes)
        .sort(),
    ).toEqual([120, 1_440]);
    expect((await remindersOf(call, id)).map((reminder) => reminder.status)).toEqual([
      'sent',
      'sent',
      'sent',
    ]);

    const onTopic = await eventually(async () => {
      const found = published.filter(
        (event) => event.type === 'docket.reminder.due' && event.aggregateId === id,
      );
      return found.length >= 3 ? found : undefined;
    });
    // Give a duplicate time to arrive, then count again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const due = published.filter((event) => event.type === 'docket.reminder.due' && event.aggregateId === id);
    expect(due).toHaveLength(3);
    expect(new Set(due.map((event) => event.data.reminderId)).size).toBe(3);
    expect(onTopic.map((event) => event.firmId)).toEqual(Array(3).fill(call.caller.firmId));
    const actions = (await outboxOf(call.caller.firmId)).map((row) => row.action).filter(Boolean);
    expect(actions.filter((action) => action === 'reminder.sent')).toHaveLength(3);
  });

  it("plans deadline reminders from the firm's rules on the due day in its zone, moves them with the deadline and cancels them when done", async () => {
    const { call, matterId } = await attorneyWithMatter();
    const rule = await call.put('/v1/reminder-rules/deadline', {
      leadMinutes: [1_440, 10_080, 1_440],
      timeZone: 'America/New_York',
    });
    expect(rule.status).toBe(200);
    expect(rule.body).toEqual({
      itemKind: 'deadline',
      leadMinutes: [10_080, 1_440],
      timeZone: 'America/New_York',
      isDefault: false,
    });
    const rules = (await call.get('/v1/reminder-rules')).body.items;
    expect(rules).toEqual([
      expect.objectContaining({ itemKind: 'deadline', isDefault: false }),
      expect.objectContaining({
        itemKind: 'court-event',
        leadMinutes: [43_200, 10_080, 1_440, 120],
        isDefault: true,
      }),
    ]);

    // Interrogatories served by mail Monday 2027-03-01: 30 days → Wednesday 31 March, +3 (FRCP 6(d)) → Saturday 3 April → Monday 5 April.
    const trigger = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'interrogatories-served',
      triggerDate: '2027-03-01',
      serviceMethod: 'mail',
    });
    expect(trigger.status).toBe(201);
    const deadline = trigger.body.deadlines[0];
    expect(deadline.dueDate).toBe('2027-04-05');
    const planned = await remindersOf(call, deadline.id);
    expect(planned.map((reminder) => [reminder.leadMinutes, reminder.itemAt, reminder.dueAt])).toEqual([
      [10_080, '2027-04-05T04:00:00.000Z', '2027-03-29T04:00:00.000Z'],
      [1_440, '2027-04-05T04:00:00.000Z', '2027-04-04T04:00:00.000Z'],
    ]);

    // Served a week later: the deadline moves, so do its reminders.
    const moved = await call.patch(`/v1/triggers/${trigger.body.trigger.id}`, { triggerDate: '2027-03-08' });
    expect(moved.body.changes.moved).toHaveLength(1);
    const after = await remindersOf(call, deadline.id);
    expect(after.filter((reminder) => reminder.status === 'cancelled')).toHaveLength(2);
    expect(
      after.filter((reminder) => reminder.status === 'pending').map((reminder) => reminder.itemAt),
    ).toEqual(['2027-04-12T04:00:00.000Z', '2027-04-12T04:00:00.000Z']);

    expect((await call.post(`/v1/deadlines/${deadline.id}/complete`)).status).toBe(200);
    expect(
      (await remindersOf(call, deadline.id)).filter((reminder) => reminder.status === 'pending'),
    ).toEqual([]);
  });

  it("answers 404 for another firm's events and reminders, and its sweep sends nothing of them", async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(
      `/v1/matters/${matterId}/court-events`,
      hearing(inDays(10), inDays(10, 11)),
    );
    const id = created.body.id;
    const other = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    expectProblem(await other.get(`/v1/court-events/${id}`), 404);
    expectProblem(await other.patch(`/v1/court-events/${id}`, { title: 'Mine now' }), 404);
    expectProblem(await other.post(`/v1/court-events/${id}/continue`, { reason: 'x' }), 404);
    expectProblem(await other.post(`/v1/court-events/${id}/vacate`, { reason: 'x' }), 404);
    expectProblem(await other.get(`/v1/matters/${matterId}/court-events`), 404);
    expectProblem(
      await other.post(`/v1/matters/${matterId}/court-events`, hearing(inDays(5), inDays(5, 11))),
      404,
    );
    expect((await other.get(`/v1/reminders?itemId=${id}`)).body.items).toEqual([]);
    const from = new Date(Date.now()).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    expect((await other.get(`/v1/court-events?from=${from}&to=${to}`)).body.items).toEqual([]);
    const sweep = await other.post('/v1/reminders/sweep', {
      asOf: new Date(Date.now() + 11 * DAY).toISOString(),
    });
    expect(sweep.body.sent).toEqual([]);
    expect((await remindersOf(call, id)).every((reminder) => reminder.status === 'pending')).toBe(true);
    expect((await call.get(`/v1/court-events/${id}`)).body.title).toBe('Hearing on motion to compel');
  });

  it('refuses bad input field by field and changes nothing', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const good = hearing(inDays(10), inDays(10, 11));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, title: 'Hearing\u0000' }, 'title'],
      [{ ...good, title: 'Hearing \ud800' }, 'title'],
      [{ ...good, title: null }, 'title'],
      [{ ...good, kind: 'party' }, 'kind'],
      [{ ...good, kind: null }, 'kind'],
      [{ ...good, startsAt: '2026-12-15T10:00:00' }, 'startsAt'],
      [{ ...good, startsAt: '2027-02-30T10:00:00Z' }, 'startsAt'],
      [{ ...good, startsAt: 1765000000 }, 'startsAt'],
      [{ ...good, endsAt: good.startsAt }, 'endsAt'],
      [{ ...good, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...good, remoteUrl: 'http://meet.example.com/j/1' }, 'remoteUrl'],
      [{ ...good, attendees: 'Jane' }, 'attendees'],
      [{ ...good, attendees: [{ role: 'counsel' }] }, 'attendees.0.name'],
      [{ ...good, unexpected: true }, 'unexpected'],
      // Required on a new event (the fuzzer's {"kind": "trial"} once reached the database: 500).
      [{ kind: 'trial' }, 'startsAt'],
      [{ ...good, title: undefined }, 'title'],
      [{ ...good, startsAt: undefined }, 'startsAt'],
      [{ ...good, endsAt: undefined }, 'endsAt'],
      [{ ...good, timeZone: undefined }, 'timeZone'],
    ];
    for (const [body, field] of cases)
      expectProblem(await call.post(`/v1/matters/${matterId}/court-events`, body), 400, field);
    expect((await call.get(`/v1/matters/${matterId}/court-events`)).body.items).toEqual([]);

    const created = await call.post(`/v1/matters/${matterId}/court-events`, good);
    const id = created.body.id;
    expectProblem(await call.patch(`/v1/court-events/${id}`, { startsAt: null }), 400, 'startsAt');
    expectProblem(await call.patch(`/v1/court-events/${id}`, { endsAt: inDays(9) }), 400, 'endsAt');
    expectProblem(await call.post(`/v1/court-events/${id}/continue`, { reason: '' }), 400, 'reason');
    expectProblem(
      await call.post(`/v1/court-events/${id}/continue`, { reason: 'x', startsAt: inDays(12) }),
      400,
      'endsAt',
    );
    // A malformed id names no resource: 404, as for any unknown one.
    expectProblem(await call.get(`/v1/court-events/not-a-uuid`), 404);
    expectProblem(await call.get(`/v1/reminders?itemId=nope`), 400, 'itemId');
    expectProblem(await call.put('/v1/reminder-rules/deadline', { leadMinutes: [0] }), 400, 'leadMinutes');
    expectProblem(await call.put('/v1/reminder-rules/deadline', { leadMinutes: null }), 400, 'leadMinutes');
    expectProblem(await call.put('/v1/reminder-rules/deadline', { leadMinutes: [1.5] }), 400, 'leadMinutes');
    expectProblem(await call.put('/v1/reminder-rules/tasks', { leadMinutes: [60] }), 400, 'itemKind');
    expectProblem(
      await call.put('/v1/reminder-rules/deadline', { leadMinutes: [60], timeZone: 'Nowhere' }),
      400,
      'timeZone',
    );
    const admin = serviceClient(app).as(colleagueOf(call.caller, ['firm-admin']));
    expectProblem(await admin.post('/v1/reminders/sweep', { asOf: 'tomorrow' }), 400, 'asOf');
    expectProblem(await call.post('/v1/reminders/sweep', {}), 403);
    const read = await call.get(`/v1/court-events/${id}`);
    expect(read.body).toMatchObject({ sequence: 0, status: 'scheduled' });
    expect(read.body.history).toHaveLength(1);
    expect(
      (await call.get('/v1/reminder-rules')).body.items.every(
        (rule: { isDefault: boolean }) => rule.isDefault,
      ),
    ).toBe(true);
  });

  it('vacates exactly once of twenty identical concurrent requests, and refuses events on a closed matter', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(
      `/v1/matters/${matterId}/court-events`,
      hearing(inDays(15), inDays(15, 11)),
    );
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call.post(`/v1/court-events/${created.body.id}/vacate`, { reason: 'Settled' }),
      ),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of responses.filter((candidate) => candidate.status !== 200))
      expect(response.body).toMatchObject({ status: 409, code: 'court_event_vacated' });
    const actions = (await outboxOf(call.caller.firmId)).map((row) => row.action).filter(Boolean);
    expect(actions).toEqual(['court-event.scheduled', 'court-event.vacated']);

    const readOnly = serviceClient(app).as(colleagueOf(call.caller, ['read-only']));
    expectProblem(
      await readOnly.post(`/v1/matters/${matterId}/court-events`, hearing(inDays(5), inDays(5, 11))),
      403,
    );
    expect((await readOnly.get(`/v1/matters/${matterId}/court-events`)).status).toBe(200);

    await publishMatter(producer, call.caller.firmId, {
      matterId,
      type: MatterClosedV1.type,
      status: 'closed',
    });
    await eventually(async () => {
      const response = await call.post(
        `/v1/matters/${matterId}/court-events`,
        hearing(inDays(5), inDays(5, 11)),
      );
      return response.status === 409 ? response : undefined;
    });
  });
});
