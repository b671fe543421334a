/**
 * Roles inside a firm (issue 10), against real PostgreSQL and the broker: a timekeeper edits and
 * submits only their own time and expenses, approvers never approve their own (unless
 * firm-admin), `read-only` reads only, bulk actions act only on what the caller may act on, and a
 * refusal is a 403 problem+json naming the rule that changes nothing and is audited.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  createTimeEntry,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type TestCaller,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { TimekeepingConfig } from './config';

describe('Who may do what in timekeeping', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    app = await bootService('timekeeping', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  const as = (caller: TestCaller) => serviceClient(app).as(caller);

  /** A new firm with one open matter, and its firm administrator. */
  async function newFirm(): Promise<{ admin: TestCaller; matterId: string }> {
    const admin = newCaller({ roles: ['firm-admin'] });
    const matterId = await publishMatterAndWait(app, producer, admin.firmId);
    return { admin, matterId };
  }

  async function submitted(caller: TestCaller, matterId: string, minutes = 42): Promise<string> {
    const entry = await createTimeEntry(as(caller), matterId, { minutes });
    expect((await as(caller).post(`/v1/time-entries/${entry.id}/submit`)).status).toBe(200);
    return entry.id;
  }

  async function expenseOf(caller: TestCaller, matterId: string): Promise<string> {
    const created = await as(caller).post('/v1/expenses', {
      matterId,
      expenseDate: '2026-01-15',
      expenseCode: 'E112',
      description: 'Filing fee',
      amountMinor: 40000,
      currency: 'USD',
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  /** The firm's outbox rows of this type (an event type, or `audit.recorded` with this action). */
  async function outboxCount(firmId: string, type: string, action?: string): Promise<number> {
    const rows: Array<{ count: string }> = await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT count(*) AS count FROM outbox
          WHERE envelope->>'type' = $1 AND ($2::text IS NULL OR envelope->'data'->>'action' = $2)`,
        [type, action ?? null],
      ),
    );
    return Number(rows[0]?.count);
  }

  async function deniedAudits(firmId: string, rule: string, attempted: string): Promise<number> {
    const rows: Array<{ count: string }> = await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT count(*) AS count FROM outbox
          WHERE envelope->>'type' = 'audit.recorded' AND envelope->'data'->>'action' = 'access.denied'
            AND envelope->'data'->'details'->>'rule' = $1 AND envelope->'data'->'details'->>'attempted' = $2`,
        [rule, attempted],
      ),
    );
    return Number(rows[0]?.count);
  }

  function expectRefused(response: TestResponse, code: string): void {
    expect(response.status).toBe(403);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 403, code });
  }

  it("refuses a paralegal editing or submitting another timekeeper's draft, changes nothing and audits it", async () => {
    const { admin, matterId } = await newFirm();
    const owner = colleagueOf(admin, ['paralegal']);
    const other = colleagueOf(admin, ['paralegal']);
    const entry = await createTimeEntry(as(owner), matterId, { minutes: 42 });

    expectRefused(await as(other).patch(`/v1/time-entries/${entry.id}`, { minutes: 600 }), 'not_own_record');
    expectRefused(await as(other).post(`/v1/time-entries/${entry.id}/submit`), 'not_own_record');
    const after = await as(owner).get(`/v1/time-entries/${entry.id}`);
    expect(after.body).toMatchObject({ minutes: 42, status: 'draft' });
    expect(await outboxCount(admin.firmId, 'audit.recorded', 'time-entry.updated')).toBe(0);
    expect(await deniedAudits(admin.firmId, 'not_own_record', 'time-entry.edit')).toBe(1);
    expect(await deniedAudits(admin.firmId, 'not_own_record', 'time-entry.submit')).toBe(1);

    expect((await as(owner).patch(`/v1/time-entries/${entry.id}`, { minutes: 48 })).body.minutes).toBe(48);
    expect((await as(owner).post(`/v1/time-entries/${entry.id}/submit`)).body.status).toBe('submitted');
  });

  it("lets a paralegal work on their own profile's time and billing work on anyone's draft", async () => {
    const { admin, matterId } = await newFirm();
    const paralegal = colleagueOf(admin, ['paralegal']);
    const profile = await as(admin).post('/v1/timekeepers', {
      name: 'Pat Paralegal',
      classification: 'PL',
      userId: paralegal.subject,
    });
    expect(profile.status).toBe(201);
    const entry = await createTimeEntry(as(paralegal), matterId);
    expect(entry.timekeeperId).toBe(profile.body.id);
    expect((await as(paralegal).patch(`/v1/time-entries/${entry.id}`, { minutes: 30 })).status).toBe(200);

    const billing = colleagueOf(admin, ['billing']);
    const edited = await as(billing).patch(`/v1/time-entries/${entry.id}`, { narrative: 'Indexed exhibits' });
    expect(edited.status).toBe(200);
    expect((await as(billing).post(`/v1/time-entries/${entry.id}/submit`)).body.status).toBe('submitted');
  });

  it('refuses approving, rejecting or reversing your own entry except to a firm-admin', async () => {
    const { admin, matterId } = await newFirm();
    const attorney = colleagueOf(admin, ['attorney']);
    const colleague = colleagueOf(admin, ['attorney']);
    const own = await submitted(attorney, matterId);

    expectRefused(await as(attorney).post(`/v1/time-entries/${own}/approve`), 'own_approval');
    expectRefused(await as(attorney).post(`/v1/time-entries/${own}/reject`, { reason: 'x' }), 'own_approval');
    expect((await as(attorney).get(`/v1/time-entries/${own}`)).body.status).toBe('submitted');
    expect(await deniedAudits(admin.firmId, 'own_approval', 'time-entry.approve')).toBe(1);
    expect((await as(colleague).post(`/v1/time-entries/${own}/approve`)).body.status).toBe('approved');

    const billing = colleagueOf(admin, ['billing']);
    const billingsOwn = await submitted(billing, matterId);
    await as(admin).post(`/v1/time-entries/${billingsOwn}/approve`);
    expectRefused(await as(billing).post(`/v1/time-entries/${billingsOwn}/reverse`, {}), 'own_approval');
    expect((await as(billing).post(`/v1/time-entries/${own}/reverse`, {})).status).toBe(200);

    const adminsOwn = await submitted(admin, matterId);
    expect((await as(admin).post(`/v1/time-entries/${adminsOwn}/approve`)).body.status).toBe('approved');
  });

  it('refuses approving time you recorded for another timekeeper, alone and in bulk', async () => {
    const { admin, matterId } = await newFirm();
    const partner = colleagueOf(admin, ['attorney']);
    const billing = colleagueOf(admin, ['billing']);
    const profile = await as(admin).post('/v1/timekeepers', {
      name: 'Paula Partner',
      classification: 'PT',
      userId: partner.subject,
    });
    const typedUp = await createTimeEntry(as(billing), matterId, { timekeeperId: profile.body.id });
    expect(typedUp.timekeeperId).toBe(profile.body.id);
    expect((await as(billing).post(`/v1/time-entries/${typedUp.id}/submit`)).status).toBe(200);

    const bulk = await as(billing).post('/v1/time-entries/bulk-approve', { matterId });
    expect(bulk.body).toEqual({ succeeded: [], failed: [], skipped: [] });
    expectRefused(await as(billing).post(`/v1/time-entries/${typedUp.id}/approve`), 'own_approval');
    expect(
      (await as(colleagueOf(admin, ['attorney'])).post(`/v1/time-entries/${typedUp.id}/approve`)).status,
    ).toBe(200);
  });

  it("refuses changing another's expense to 999,999 and approving your own expense", async () => {
    const { admin, matterId } = await newFirm();
    const spender = colleagueOf(admin, ['attorney']);
    const paralegal = colleagueOf(admin, ['paralegal']);
    const expense = await expenseOf(spender, matterId);

    expectRefused(
      await as(paralegal).patch(`/v1/expenses/${expense}`, { amountMinor: 999_999 }),
      'not_own_record',
    );
    expectRefused(await as(paralegal).post(`/v1/expenses/${expense}/submit`), 'not_own_record');
    expect((await as(spender).get(`/v1/expenses/${expense}`)).body).toMatchObject({
      amountMinor: 40000,
      status: 'draft',
    });
    expect(await deniedAudits(admin.firmId, 'not_own_record', 'expense.edit')).toBe(1);

    expect((await as(spender).post(`/v1/expenses/${expense}/submit`)).status).toBe(200);
    expectRefused(await as(spender).post(`/v1/expenses/${expense}/approve`), 'own_approval');
    expect(await outboxCount(admin.firmId, 'timekeeping.expense.approved')).toBe(0);
    expect((await as(colleagueOf(admin, ['billing'])).post(`/v1/expenses/${expense}/approve`)).status).toBe(
      200,
    );
  });

  it('lets read-only read and refuses every write with insufficient_role', async () => {
    const { admin, matterId } = await newFirm();
    const reader = colleagueOf(admin, ['read-only']);
    const entry = await createTimeEntry(as(admin), matterId);
    expect((await as(reader).get(`/v1/time-entries/${entry.id}`)).status).toBe(200);
    expect((await as(reader).get('/v1/time-entries')).body.items).toHaveLength(1);
    expectRefused(
      await as(reader).post('/v1/time-entries', {
        matterId,
        workDate: '2026-11-20',
        minutes: 5,
        narrative: 'x',
      }),
      'insufficient_role',
    );
    expectRefused(
      await as(reader).patch(`/v1/time-entries/${entry.id}`, { minutes: 5 }),
      'insufficient_role',
    );
    expectRefused(await as(reader).post('/v1/time-entries/bulk-submit', { matterId }), 'insufficient_role');
    expect((await as(admin).get(`/v1/time-entries/${entry.id}`)).body.minutes).toBe(42);
  });

  it("bulk-submits only the caller's own drafts and bulk-approves everyone's but the approver's own", async () => {
    const { admin, matterId } = await newFirm();
    const paralegal = colleagueOf(admin, ['paralegal']);
    const attorney = colleagueOf(admin, ['attorney']);
    const paralegalsDrafts = [
      (await createTimeEntry(as(paralegal), matterId)).id,
      (await createTimeEntry(as(paralegal), matterId)).id,
    ];
    const attorneysDraft = (await createTimeEntry(as(attorney), matterId)).id;

    const bulkSubmit = await as(paralegal).post('/v1/time-entries/bulk-submit', { matterId });
    expect(bulkSubmit.status).toBe(200);
    expect([...bulkSubmit.body.succeeded].sort()).toEqual([...paralegalsDrafts].sort());
    expect(bulkSubmit.body.failed).toEqual([]);
    expect((await as(attorney).get(`/v1/time-entries/${attorneysDraft}`)).body.status).toBe('draft');

    await as(attorney).post(`/v1/time-entries/${attorneysDraft}/submit`);
    const bulkApprove = await as(attorney).post('/v1/time-entries/bulk-approve', { matterId });
    expect([...bulkApprove.body.succeeded].sort()).toEqual([...paralegalsDrafts].sort());
    expect(bulkApprove.body.failed).toEqual([]);
    expect((await as(attorney).get(`/v1/time-entries/${attorneysDraft}`)).body.status).toBe('submitted');
  });

  it('transitions each entry exactly once when twenty identical bulk requests race', async () => {
    const { admin, matterId } = await newFirm();
    const timekeeper = colleagueOf(admin, ['paralegal']);
    const approver = colleagueOf(admin, ['billing']);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push((await createTimeEntry(as(timekeeper), matterId)).id);

    const race = (caller: TestCaller, path: string) =>
      Promise.all(Array.from({ length: 20 }, () => as(caller).post(path, { matterId })));
    const expectEachOnce = (responses: TestResponse[]) => {
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
      const succeeded = responses.flatMap((response) => response.body.succeeded as string[]);
      expect([...succeeded].sort()).toEqual([...ids].sort());
      expect(responses.flatMap((response) => response.body.failed as unknown[])).toEqual([]);
      const skipped = responses.flatMap(
        (response) => response.body.skipped as Array<{ id: string; code: string }>,
      );
      // A request lists what is still in the wanted status; what a faster request took meanwhile is skipped.
      for (const skip of skipped)
        expect({ id: ids.includes(skip.id), code: skip.code }).toEqual({
          id: true,
          code: 'invalid_transition',
        });
    };

    expectEachOnce(await race(timekeeper, '/v1/time-entries/bulk-submit'));
    expect(await outboxCount(admin.firmId, 'timekeeping.time-entry.submitted')).toBe(ids.length);
    expect(await outboxCount(admin.firmId, 'audit.recorded', 'time-entry.submitted')).toBe(ids.length);

    expectEachOnce(await race(approver, '/v1/time-entries/bulk-approve'));
    expect(await outboxCount(admin.firmId, 'timekeeping.time-entry.approved')).toBe(ids.length);
    expect(await outboxCount(admin.firmId, 'audit.recorded', 'time-entry.approved')).toBe(ids.length);
  });
});
