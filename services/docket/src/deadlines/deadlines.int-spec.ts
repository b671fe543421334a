/** The deadline engine against real PostgreSQL and the broker: triggers, recalculation diffs, closures, isolation, bad input, races. */
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
  type: string;
  firmId: string;
  aggregateId: string;
  data: {
    reason?: string;
    deadlineId?: string;
    dueDate?: string;
    before?: { dueDate: string; computedDate: string };
    after?: { dueDate: string; computedDate: string; needsReview: boolean };
  };
}

describe('Docket deadlines', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let consumer: Consumer;
  const published: PublishedEvent[] = [];

  beforeAll(async () => {
    const config = loadConfig(DocketConfig, serviceTestEnv('docket'));
    app = await bootService('docket', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
    consumer = testKafka().consumer({
      groupId: `docket-spec-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.deadline.name, fromBeginning: true });
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

  /** An attorney of a new firm with an open matter docket knows of. */
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

  const dueDates = (deadlines: Array<{ ruleCode: string; dueDate: string }>): Record<string, string> =>
    Object.fromEntries(deadlines.map((deadline) => [deadline.ruleCode, deadline.dueDate]));

  it('computes, stores and publishes a deadline with its explanation: interrogatories by mail over Thanksgiving', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'interrogatories-served',
      triggerDate: '2026-10-27',
      serviceMethod: 'mail',
    });
    expect(created.status).toBe(201);
    expect(created.body.trigger).toMatchObject({
      ruleSetId: 'frcp',
      ruleSetVersion: 1,
      serviceMethod: 'mail',
      party: '',
    });
    const [deadline] = created.body.deadlines;
    expect(deadline).toMatchObject({
      ruleCode: 'frcp-interrogatory-responses',
      citation: 'FRCP 33(b)(2)',
      computedDate: '2026-11-30',
      dueDate: '2026-11-30',
      status: 'open',
    });
    const texts = deadline.explanation.map((line: { text: string }) => line.text);
    expect(texts).toContain('Thursday 2026-11-26 is closed (legal holiday: Thanksgiving Day).');
    expect(texts.join('\n')).toContain('FRCP 6(d)');
    expect(created.body.changes.added).toHaveLength(1);

    const listed = await call.get(`/v1/matters/${matterId}/deadlines`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([deadline.id]);
    expect((await call.get(`/v1/deadlines/${deadline.id}`)).body.explanation).toEqual(deadline.explanation);

    expect(await outboxOf(call.caller.firmId)).toEqual(
      expect.arrayContaining([
        { type: 'docket.deadline.added', action: null },
        { type: 'audit.recorded', action: 'trigger.created' },
      ]),
    );
    const event = await eventually(async () =>
      published.find(
        (candidate) => candidate.type === 'docket.deadline.added' && candidate.aggregateId === deadline.id,
      ),
    );
    expect(event).toMatchObject({
      firmId: call.caller.firmId,
      data: { dueDate: '2026-11-30', deadlineId: deadline.id },
    });
  });

  it('answers a trigger change as a diff: open deadlines move, done and hand-set ones are flagged, not moved', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'scheduling-conference',
      triggerDate: '2026-02-09',
    });
    expect(created.status).toBe(201);
    // 21 days before Monday 9 February is MLK Day → Friday 16 January; chained +14 days → Friday 30 January.
    expect(dueDates(created.body.deadlines)).toEqual({
      'frcp-26f-conference': '2026-01-16',
      'frcp-26f-report': '2026-01-30',
      'frcp-initial-disclosures': '2026-01-30',
    });
    const byRule = Object.fromEntries(
      created.body.deadlines.map((deadline: { ruleCode: string; id: string }) => [
        deadline.ruleCode,
        deadline.id,
      ]),
    );
    expect((await call.post(`/v1/deadlines/${byRule['frcp-initial-disclosures']}/complete`)).status).toBe(
      200,
    );
    const overridden = await call.post(`/v1/deadlines/${byRule['frcp-26f-report']}/override`, {
      dueDate: '2026-02-03',
      reason: 'Stipulated by the parties',
    });
    expect(overridden.body).toMatchObject({
      dueDate: '2026-02-03',
      computedDate: '2026-01-30',
      overridden: true,
    });

    // Conference moved to Monday 23 February: 21 days before is Monday 2 February; +14 is Presidents' Day → 17 February.
    const changed = await call.patch(`/v1/triggers/${created.body.trigger.id}`, {
      triggerDate: '2026-02-23',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.changes.added).toEqual([]);
    expect(changed.body.changes.removed).toEqual([]);
    expect(
      changed.body.changes.moved.map((move: { deadline: { ruleCode: string }; from: string; to: string }) => [
        move.deadline.ruleCode,
        move.from,
        move.to,
      ]),
    ).toEqual([['frcp-26f-conference', '2026-01-16', '2026-02-02']]);
    const flagged = changed.body.changes.flagged.map(
      (flag: {
        deadline: { ruleCode: string; dueDate: string; needsReview: boolean };
        computedFrom: string;
        computedTo: string;
        protectedBecause: string;
      }) => [
        flag.deadline.ruleCode,
        flag.deadline.dueDate,
        flag.computedFrom,
        flag.computedTo,
        flag.protectedBecause,
        flag.deadline.needsReview,
      ],
    );
    expect(flagged).toEqual(
      expect.arrayContaining([
        ['frcp-26f-report', '2026-02-03', '2026-01-30', '2026-02-17', 'overridden', true],
        ['frcp-initial-disclosures', '2026-01-30', '2026-01-30', '2026-02-17', 'done', true],
      ]),
    );
    expect(flagged).toHaveLength(2);

    // The moves travel as docket.deadline.changed with before and after.
    const moveEvent = await eventually(async () =>
      published.find(
        (event) =>
          event.type === 'docket.deadline.changed' &&
          event.aggregateId === byRule['frcp-26f-conference'] &&
          event.data.reason === 'recalculated',
      ),
    );
    expect(moveEvent.data.before?.dueDate).toBe('2026-01-16');
    expect(moveEvent.data.after?.dueDate).toBe('2026-02-02');

    // Accepting the computed date settles the review.
    const reviewed = await call.post(`/v1/deadlines/${byRule['frcp-26f-report']}/review`, {
      decision: 'accept-computed',
    });
    expect(reviewed.body).toMatchObject({ dueDate: '2026-02-17', overridden: false, needsReview: false });
    expectProblem(
      await call.post(`/v1/deadlines/${byRule['frcp-26f-report']}/review`, { decision: 'keep' }),
      409,
    );

    // The same change again moves nothing.
    const again = await call.patch(`/v1/triggers/${created.body.trigger.id}`, { triggerDate: '2026-02-23' });
    expect(again.body.changes).toEqual({ added: [], moved: [], flagged: [], removed: [] });

    const removed = await call.delete(`/v1/triggers/${created.body.trigger.id}`);
    expect(removed.status).toBe(200);
    expect(
      removed.body.changes.removed
        .map((entry: { deadline: { ruleCode: string }; wasDone: boolean }) => [
          entry.deadline.ruleCode,
          entry.wasDone,
        ])
        .sort(),
    ).toEqual([
      ['frcp-26f-conference', false],
      ['frcp-26f-report', false],
      ['frcp-initial-disclosures', true],
    ]);
    expect((await call.get(`/v1/matters/${matterId}/deadlines`)).body.items).toEqual([]);
    expectProblem(await call.get(`/v1/triggers/${created.body.trigger.id}`), 404);
    const actions = (await outboxOf(call.caller.firmId)).map((row) => row.action).filter(Boolean);
    expect(actions).toEqual([
      'trigger.created',
      'deadline.completed',
      'deadline.overridden',
      'trigger.changed',
      'deadline.reviewed',
      'trigger.changed',
      'trigger.removed',
    ]);
  });

  it('moves a deadline when the service method changes, and back when it is cleared', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'interrogatories-served',
      triggerDate: '2026-10-27',
      serviceMethod: 'personal',
    });
    expect(created.body.deadlines[0].dueDate).toBe('2026-11-27');
    const byMail = await call.patch(`/v1/triggers/${created.body.trigger.id}`, { serviceMethod: 'mail' });
    expect(byMail.body.changes.moved).toEqual([
      expect.objectContaining({ from: '2026-11-27', to: '2026-11-30' }),
    ]);
    expectProblem(
      await call.patch(`/v1/triggers/${created.body.trigger.id}`, { serviceMethod: 'fax' }),
      400,
      'serviceMethod',
    );
    const cleared = await call.patch(`/v1/triggers/${created.body.trigger.id}`, { serviceMethod: null });
    expect(cleared.body.trigger.serviceMethod).toBeNull();
    expect(cleared.body.changes.moved).toEqual([
      expect.objectContaining({ from: '2026-11-30', to: '2026-11-27' }),
    ]);
  });

  it('counts California court days back from a hearing and lists the firm’s deadlines by date range', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'ca-civil',
      triggerEvent: 'motion-hearing',
      triggerDate: '2026-12-07',
      serviceMethod: 'personal',
    });
    expect(created.status).toBe(201);
    expect(dueDates(created.body.deadlines)).toEqual({
      'ca-motion-notice': '2026-11-10',
      'ca-motion-opposition': '2026-11-20',
      'ca-motion-reply': '2026-11-30',
    });
    const november = await call.get('/v1/deadlines?from=2026-11-15&to=2026-11-30');
    expect(november.body.items.map((item: { ruleCode: string }) => item.ruleCode)).toEqual([
      'ca-motion-opposition',
      'ca-motion-reply',
    ]);
    const paged = await call.get('/v1/deadlines?from=2026-11-01&to=2026-12-31&limit=2');
    expect(paged.body.items).toHaveLength(2);
    const rest = await call.get(
      `/v1/deadlines?from=2026-11-01&to=2026-12-31&limit=2&cursor=${paged.body.nextCursor}`,
    );
    expect(rest.body.items.map((item: { ruleCode: string }) => item.ruleCode)).toEqual(['ca-motion-reply']);
    const stranger = serviceClient(app).as(newCaller());
    expect((await stranger.get('/v1/deadlines?from=2026-11-01&to=2026-12-31')).body.items).toEqual([]);
  });

  it('moves a deadline when the firm declares its last day a clerk’s-office closure, and says so', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'judgment-entered',
      triggerDate: '2026-11-24',
    });
    expect(dueDates(created.body.deadlines)['frap-notice-of-appeal']).toBe('2026-12-24');
    const closure = await call.post('/v1/court-closures', {
      calendarId: 'us-federal',
      date: '2026-12-24',
      reason: 'E-filing system outage',
    });
    expect(closure.status).toBe(201);
    expect(
      closure.body.changes.moved.map((move: { deadline: { ruleCode: string }; from: string; to: string }) => [
        move.deadline.ruleCode,
        move.from,
        move.to,
      ]),
    ).toEqual([['frap-notice-of-appeal', '2026-12-24', '2026-12-28']]);
    const appeal = closure.body.changes.moved[0].deadline;
    expect(appeal.explanation.map((line: { text: string }) => line.text)).toContain(
      "Thursday 2026-12-24 is closed (clerk's office inaccessible: E-filing system outage).",
    );
    expectProblem(
      await call.post('/v1/court-closures', {
        calendarId: 'us-federal',
        date: '2026-12-24',
        reason: 'again',
      }),
      409,
    );
    expect((await call.get('/v1/court-closures?from=2026-12-01&to=2026-12-31')).body.items).toHaveLength(1);
    // Another firm's deadlines and closures are its own.
    const other = await attorneyWithMatter();
    const theirs = await other.call.post(`/v1/matters/${other.matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'judgment-entered',
      triggerDate: '2026-11-24',
    });
    expect(dueDates(theirs.body.deadlines)['frap-notice-of-appeal']).toBe('2026-12-24');
    expect((await other.call.get('/v1/court-closures?from=2026-12-01&to=2026-12-31')).body.items).toEqual([]);
  });

  it("lists a court's closed days of a year: observed federal holidays, California's own, and the firm's closures", async () => {
    const { call } = await attorneyWithMatter();
    const federal = await call.get('/v1/rule-sets/frcp/holidays?year=2026');
    expect(federal.status).toBe(200);
    expect(federal.body).toMatchObject({
      ruleSetVersion: 1,
      calendarId: 'us-federal',
      calendarVersion: 1,
      closures: [],
    });
    expect(federal.body.holidays).toHaveLength(11);
    expect(federal.body.holidays).toContainEqual({
      date: '2026-07-03',
      name: 'Independence Day',
      observedFor: '2026-07-04',
    });
    await call.post('/v1/court-closures', {
      calendarId: 'us-federal',
      date: '2026-08-14',
      reason: 'Power outage',
    });
    expect((await call.get('/v1/rule-sets/frcp/holidays?year=2026')).body.closures).toEqual([
      { date: '2026-08-14', reason: 'Power outage' },
    ]);
    const california = await call.get('/v1/rule-sets/ca-civil/holidays?year=2026');
    expect(california.body.holidays.map((holiday: { date: string }) => holiday.date)).toEqual(
      expect.arrayContaining(['2026-02-12', '2026-03-31', '2026-11-27']),
    );
    expect(california.body.closures).toEqual([]);
    expectProblem(await call.get('/v1/rule-sets/nope/holidays?year=2026'), 404);
    const nul = await call.get('/v1/rule-sets/%00/holidays?year=2026');
    const surrogate = await call.get('/v1/rule-sets/%ED%A0%80/holidays?year=2026');
    expectProblem(nul, 404);
    expect(nul.text).not.toContain('\\u0000');
    expectProblem(surrogate, 400);
    expectProblem(await call.get('/v1/rule-sets/frcp/holidays?year=twenty'), 400, 'year');
    expectProblem(await call.get('/v1/rule-sets/frcp/holidays'), 400, 'year');
    expectProblem(await call.get('/v1/rule-sets/frcp/holidays?year=2010'), 422);
  });

  it('computes a what-if without storing anything, and lists the rule sets with citations', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const computed = await call.post('/v1/deadlines/compute', {
      ruleSetId: 'frcp',
      ruleCode: 'frcp-new-trial-motion',
      triggerDate: '2026-06-05',
    });
    expect(computed.status).toBe(200);
    expect(computed.body).toMatchObject({ ruleSetVersion: 1, dueDate: '2026-07-06' });
    expect((await call.get(`/v1/matters/${matterId}/deadlines`)).body.items).toEqual([]);
    const ruleSets = await call.get('/v1/rule-sets');
    expect(ruleSets.body.items.map((set: { id: string }) => set.id)).toEqual(
      expect.arrayContaining(['ca-civil', 'frcp']),
    );
    const frcp = ruleSets.body.items.find((set: { id: string }) => set.id === 'frcp');
    expect(frcp.rules.find((rule: { code: string }) => rule.code === 'frap-notice-of-appeal')).toMatchObject({
      periodAmount: 30,
      citation: 'FRAP 4(a)(1)(A); computed under FRAP 26(a)',
    });
  });

  it('answers 404 on every route for another firm’s matter, trigger and deadline', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'complaint-served',
      triggerDate: '2026-03-04',
    });
    const triggerId = created.body.trigger.id;
    const deadlineId = created.body.deadlines[0].id;
    const intruder = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    const attempts = [
      intruder.post(`/v1/matters/${matterId}/triggers`, {
        ruleSetId: 'frcp',
        triggerEvent: 'complaint-served',
        triggerDate: '2026-03-05',
        party: 'x',
      }),
      intruder.get(`/v1/matters/${matterId}/triggers`),
      intruder.get(`/v1/matters/${matterId}/deadlines`),
      intruder.get(`/v1/triggers/${triggerId}`),
      intruder.patch(`/v1/triggers/${triggerId}`, { triggerDate: '2026-03-06' }),
      intruder.delete(`/v1/triggers/${triggerId}`),
      intruder.get(`/v1/deadlines/${deadlineId}`),
      intruder.post(`/v1/deadlines/${deadlineId}/complete`),
      intruder.post(`/v1/deadlines/${deadlineId}/override`, { dueDate: '2026-04-01', reason: 'x' }),
      intruder.post(`/v1/deadlines/${deadlineId}/review`, { decision: 'keep' }),
    ];
    for (const response of await Promise.all(attempts)) expectProblem(response, 404);
    const mine = await call.get(`/v1/triggers/${triggerId}`);
    expect(mine.body.trigger.triggerDate).toBe('2026-03-04');
    expect(mine.body.deadlines[0]).toMatchObject({
      status: 'open',
      dueDate: '2026-03-25',
      overridden: false,
    });
    expectProblem(await call.get(`/v1/matters/${randomUUID()}/deadlines`), 404);
    expectProblem(await call.get('/v1/triggers/not-a-uuid'), 404);
  });

  it('refuses bad input with 400 problem+json naming the field, and changes nothing', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const url = `/v1/matters/${matterId}/triggers`;
    const valid = { ruleSetId: 'frcp', triggerEvent: 'complaint-served', triggerDate: '2026-03-04' };
    const cases: Array<[unknown, number, string | undefined]> = [
      [{ ...valid, triggerDate: '2026-02-30' }, 400, 'triggerDate'],
      [{ ...valid, triggerDate: null }, 400, 'triggerDate'],
      [{ ...valid, triggerDate: '9999-12-01' }, 400, 'triggerDate'],
      [{ ...valid, ruleSetId: null }, 400, 'ruleSetId'],
      [{ ...valid, ruleSetId: 'nope' }, 400, 'ruleSetId'],
      [{ ...valid, triggerEvent: 'summons-served' }, 400, 'triggerEvent'],
      [{ ...valid, serviceMethod: 'pigeon' }, 400, 'serviceMethod'],
      [{ ...valid, party: 'Acme\u0000' }, 400, 'party'],
      [{ ...valid, description: 'lone \ud800 surrogate' }, 400, 'description'],
      [{ ...valid, party: null }, 400, 'party'],
      [{ ...valid, party: ['a'] }, 400, 'party'],
      [{ ...valid, extra: 1 }, 400, undefined],
      [[valid], 400, undefined],
      [{ ...valid, triggerDate: '2010-01-04' }, 422, 'triggerDate'],
    ];
    for (const [body, status, field] of cases) expectProblem(await call.post(url, body), status, field);
    expectProblem(
      await call.post('/v1/deadlines/compute', {
        ruleSetId: 'frcp',
        ruleCode: 'frcp-answer-waived-abroad',
        triggerDate: '9999-12-01',
      }),
      400,
      'triggerDate',
    );
    expectProblem(await call.get('/v1/deadlines?from=2026-01-01&to=2027-06-01'), 400, 'to');
    expectProblem(await call.get('/v1/deadlines?from=2026-02-01&to=2026-01-01'), 400, 'to');
    expectProblem(await call.get('/v1/deadlines?from=2026-01-01'), 400, 'to');
    expectProblem(await call.get(`/v1/matters/${matterId}/deadlines?cursor=forged`), 400, 'cursor');
    expectProblem(
      await call.post('/v1/deadlines/compute', {
        ruleSetId: 'frcp',
        ruleCode: 'nope',
        triggerDate: '2026-01-05',
      }),
      400,
      'ruleCode',
    );
    expectProblem(
      await call.post('/v1/court-closures', { calendarId: 'mars', date: '2026-01-05', reason: 'x' }),
      400,
      'calendarId',
    );
    expectProblem(
      await call.post('/v1/court-closures', { calendarId: 'us-federal', date: '2026-01-05', reason: '  ' }),
      400,
      'reason',
    );
    expect((await call.get(`/v1/matters/${matterId}/triggers`)).body.items).toEqual([]);
    expect(await outboxOf(call.caller.firmId)).toEqual([]);
  });

  it('lets attorneys, paralegals and firm admins change the docket; billing only reads it', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const body = { ruleSetId: 'frcp', triggerEvent: 'complaint-served', triggerDate: '2026-03-04' };
    const billing = serviceClient(app).as(colleagueOf(call.caller, ['billing']));
    expectProblem(await billing.post(`/v1/matters/${matterId}/triggers`, body), 403);
    const paralegal = serviceClient(app).as(colleagueOf(call.caller, ['paralegal']));
    const created = await paralegal.post(`/v1/matters/${matterId}/triggers`, body);
    expect(created.status).toBe(201);
    expectProblem(await billing.post(`/v1/deadlines/${created.body.deadlines[0].id}/complete`), 403);
    expect((await billing.get(`/v1/matters/${matterId}/deadlines`)).body.items).toHaveLength(1);
  });

  it('refuses triggers on a closed or unknown matter', async () => {
    const caller = newCaller({ roles: ['attorney'] });
    const call = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    await publishMatter(producer, caller.firmId, { matterId, type: MatterClosedV1.type, status: 'closed' });
    const body = { ruleSetId: 'frcp', triggerEvent: 'complaint-served', triggerDate: '2026-03-04' };
    await eventually(async () => {
      const response = await call.post(`/v1/matters/${matterId}/triggers`, body);
      return response.status === 409 ? response : undefined;
    });
    expectProblem(await call.post(`/v1/matters/${randomUUID()}/triggers`, body), 404);
  });

  it('accepts exactly one of twenty identical concurrent triggers, and completes a deadline once', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const body = { ruleSetId: 'frcp', triggerEvent: 'judgment-entered', triggerDate: '2026-06-05' };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => call.post(`/v1/matters/${matterId}/triggers`, body)),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    const refused = responses.filter((response) => response.status !== 201);
    expect(refused).toHaveLength(19);
    for (const response of refused)
      expect(response.body).toMatchObject({ status: 409, code: 'trigger_exists' });
    expect((await call.get(`/v1/matters/${matterId}/triggers`)).body.items).toHaveLength(1);
    const deadlines = (await call.get(`/v1/matters/${matterId}/deadlines`)).body.items;
    expect(deadlines).toHaveLength(3);

    const completions = await Promise.all(
      Array.from({ length: 20 }, () => call.post(`/v1/deadlines/${deadlines[0].id}/complete`)),
    );
    expect(completions.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of completions.filter((candidate) => candidate.status !== 200))
      expect(response.body).toMatchObject({ status: 409, code: 'deadline_already_done' });
    const closures = await Promise.all(
      Array.from({ length: 20 }, () =>
        call.post('/v1/court-closures', { calendarId: 'us-federal', date: '2026-06-30', reason: 'Flood' }),
      ),
    );
    expect(closures.filter((response) => response.status === 201)).toHaveLength(1);
    for (const response of closures.filter((candidate) => candidate.status !== 201))
      expect(response.body).toMatchObject({ status: 409, code: 'court_closure_exists' });
    // The closure falls inside the judgment's periods: the three deadlines (Monday 6 July) are recomputed, not moved.
    const actions = (await outboxOf(call.caller.firmId)).map((row) => row.action).filter(Boolean);
    expect(actions).toEqual(['trigger.created', 'deadline.completed', 'court-closure.declared']);
  });
});
