/** Tasks against real PostgreSQL: due with a deadline as it moves, status rules, isolation, bad input, races. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parseEvent, TOPICS } from '@lawfirm/contracts';
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

describe('Docket tasks', () => {
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

  async function deadlineOf(
    call: CallerClient,
    matterId: string,
  ): Promise<{ triggerId: string; deadlineId: string }> {
    // Interrogatories served by mail Monday 2027-03-01 → due Monday 2027-04-05.
    const trigger = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId: 'frcp',
      triggerEvent: 'interrogatories-served',
      triggerDate: '2027-03-01',
      serviceMethod: 'mail',
    });
    expect(trigger.body.deadlines[0].dueDate).toBe('2027-04-05');
    return { triggerId: trigger.body.trigger.id, deadlineId: trigger.body.deadlines[0].id };
  }

  it('keeps a task due with its deadline as the deadline moves or is set by hand', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const { triggerId, deadlineId } = await deadlineOf(call, matterId);
    const created = await call.post(`/v1/matters/${matterId}/tasks`, {
      title: 'Draft responses to interrogatories',
      assigneeId: 'user-7',
      deadlineId,
      daysBefore: 3,
      priority: 'high',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      dueDate: '2027-04-02',
      priority: 'high',
      status: 'open',
      daysBefore: 3,
    });
    const own = await call.post(`/v1/matters/${matterId}/tasks`, {
      title: 'Call client',
      dueDate: '2027-03-10',
    });
    expect(own.body).toMatchObject({ dueDate: '2027-03-10', priority: 'normal', deadlineId: null });

    await call.patch(`/v1/triggers/${triggerId}`, { triggerDate: '2027-03-08' });
    expect((await call.get(`/v1/tasks/${created.body.id}`)).body.dueDate).toBe('2027-04-09');
    await call.post(`/v1/deadlines/${deadlineId}/override`, { dueDate: '2027-04-20', reason: 'Stipulation' });
    const listed = (await call.get(`/v1/matters/${matterId}/tasks`)).body.items;
    expect(listed.map((task: { dueDate: string }) => task.dueDate)).toEqual(['2027-04-17', '2027-03-10']);
  });

  it('moves status forward, keeps done final, and records one change for twenty identical cancellations', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const created = await call.post(`/v1/matters/${matterId}/tasks`, { title: 'File motion' });
    const id = created.body.id;
    expect(
      (await call.patch(`/v1/tasks/${id}`, { status: 'in-progress', assigneeId: 'user-9' })).body,
    ).toMatchObject({
      status: 'in-progress',
      assigneeId: 'user-9',
    });
    const second = await call.post(`/v1/matters/${matterId}/tasks`, { title: 'Serve motion' });
    await call.patch(`/v1/tasks/${second.body.id}`, { status: 'done' });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => call.patch(`/v1/tasks/${id}`, { status: 'cancelled' })),
    );
    // Cancelling a cancelled task asks for what holds: every request answers 200, one changes the task.
    expect(results.filter((response) => response.status === 200)).toHaveLength(20);
    const reopen = await call.patch(`/v1/tasks/${id}`, { status: 'open' });
    expect(reopen.body).toMatchObject({ status: 409, code: 'task_status_not_allowed' });
    expectProblem(await call.patch(`/v1/tasks/${second.body.id}`, { title: 'Again' }), 409);
    const actions = await withTenant(app.get(DataSource), call.caller.firmId, (manager) =>
      manager.query(
        `SELECT envelope->'data'->>'action' AS action, envelope->'data'->'details'->>'status' AS status
           FROM outbox WHERE envelope->'data'->>'resourceId' = $1 ORDER BY created_at, id`,
        [id],
      ),
    );
    expect(actions.map((row: { action: string }) => row.action)[0]).toBe('task.created');
    expect(actions.filter((row: { status: string }) => row.status === 'cancelled')).toHaveLength(1);
    // The task's own events (docket.task.v1, key = task id): created, then one per change made; each
    // envelope passes the contracts' payload validation.
    const rows: Array<{ envelope: Record<string, unknown> }> = await withTenant(
      app.get(DataSource),
      call.caller.firmId,
      (manager) =>
        manager.query(
          `SELECT envelope FROM outbox WHERE topic = $1 AND envelope->>'aggregateId' = $2 ORDER BY created_at, id`,
          [TOPICS.task.name, id],
        ),
    );
    const events = rows.map((row) => parseEvent(JSON.stringify(row.envelope)));
    expect(events.map((event) => event.type)).toEqual([
      'docket.task.created',
      'docket.task.changed',
      'docket.task.changed',
    ]);
    expect(events[0]!.data).toMatchObject({ taskId: id, matterId, title: 'File motion', status: 'open' });
    expect(events[1]!.data).toMatchObject({
      before: { status: 'open', assigneeId: null },
      after: { status: 'in-progress', assigneeId: 'user-9' },
    });
    expect(events[2]!.data).toMatchObject({ after: { status: 'cancelled' } });
  });

  it("answers 404 for another firm's tasks, matters and deadlines, and 422 for a deadline of another matter", async () => {
    const { call, matterId } = await attorneyWithMatter();
    const { deadlineId } = await deadlineOf(call, matterId);
    const created = await call.post(`/v1/matters/${matterId}/tasks`, { title: 'Review', deadlineId });
    const other = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    expectProblem(await other.get(`/v1/tasks/${created.body.id}`), 404);
    expectProblem(await other.patch(`/v1/tasks/${created.body.id}`, { status: 'done' }), 404);
    expectProblem(await other.get(`/v1/matters/${matterId}/tasks`), 404);
    expectProblem(await other.post(`/v1/matters/${matterId}/tasks`, { title: 'Mine' }), 404);
    const otherMatter = await publishMatterAndWait(app, producer, call.caller.firmId);
    expectProblem(await call.post(`/v1/matters/${otherMatter}/tasks`, { title: 'x', deadlineId }), 422);
    const foreign = await attorneyWithMatter();
    expectProblem(
      await foreign.call.post(`/v1/matters/${foreign.matterId}/tasks`, { title: 'x', deadlineId }),
      404,
    );
    const readOnly = serviceClient(app).as(colleagueOf(call.caller, ['read-only']));
    expectProblem(await readOnly.post(`/v1/matters/${matterId}/tasks`, { title: 'x' }), 403);
    expect((await call.get(`/v1/tasks/${created.body.id}`)).body.status).toBe('open');
  });

  it('refuses bad input field by field and creates nothing', async () => {
    const { call, matterId } = await attorneyWithMatter();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: 'a\u0000b' }, 'title'],
      [{ title: 'a \ud800 b' }, 'title'],
      [{ title: null }, 'title'],
      [{ title: '  ' }, 'title'],
      [{ title: 'x', priority: 'asap' }, 'priority'],
      [{ title: 'x', dueDate: '2027-02-30' }, 'dueDate'],
      [{ title: 'x', deadlineId: 'nope' }, 'deadlineId'],
      [{ title: 'x', dueDate: '2027-03-01', deadlineId: randomUUID() }, 'deadlineId'],
      [{ title: 'x', daysBefore: 2 }, 'daysBefore'],
      [{ title: 'x', deadlineId: randomUUID(), daysBefore: -1 }, 'daysBefore'],
      [{ title: 'x', assigneeId: null }, 'assigneeId'],
      [{ title: 'x', status: 'done' }, 'status'],
    ];
    for (const [body, field] of cases)
      expectProblem(await call.post(`/v1/matters/${matterId}/tasks`, body), 400, field);
    expectProblem(
      await call.post(`/v1/matters/${matterId}/tasks`, { title: 'x', deadlineId: randomUUID() }),
      404,
    );
    expect((await call.get(`/v1/matters/${matterId}/tasks`)).body.items).toEqual([]);
    const created = await call.post(`/v1/matters/${matterId}/tasks`, { title: 'x' });
    expectProblem(await call.patch(`/v1/tasks/${created.body.id}`, { status: 'finished' }), 400, 'status');
    expectProblem(await call.patch(`/v1/tasks/${created.body.id}`, { status: null }), 400, 'status');
  });
});
