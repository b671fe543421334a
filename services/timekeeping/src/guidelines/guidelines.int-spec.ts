/** Billing guidelines and UTBMS codes against real PostgreSQL and the broker: versions, warn and block modes, /validate. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { FirmRole } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  newCaller,
  publishMatter,
  serviceClient,
  serviceTestEnv,
  type TestCaller,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { TimekeepingConfig } from '../config';

describe('Billing guidelines', () => {
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

  /** A firm with one open matter of a client, known to timekeeping's projection. */
  async function firmWithMatter(): Promise<{ caller: TestCaller; clientId: string; matterId: string }> {
    const caller = newCaller();
    const clientId = randomUUID();
    const matterId = await openMatter(caller, clientId);
    return { caller, clientId, matterId };
  }

  async function openMatter(caller: TestCaller, clientId: string): Promise<string> {
    const matterId = await publishMatter(producer, caller.firmId, { clientId });
    // The projection is fed asynchronously: wait until /validate knows the matter.
    await eventually(async () => {
      const response = await serviceClient(app).as(caller).post('/v1/time-entries/validate', {
        matterId,
        workDate: '2026-11-20',
        minutes: 6,
        narrative: 'Probe',
      });
      return response.status === 200 ? true : undefined;
    });
    return matterId;
  }

  /** The audit records of guideline versions the firm's transactions put in the outbox. */
  async function guidelineAudits(
    firmId: string,
  ): Promise<Array<{ action: string; resourceId: string; version: number; mode: string }>> {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->'data'->>'action' AS action, envelope->'data'->>'resourceId' AS "resourceId",
                (envelope->'data'->'details'->>'version')::int AS version, envelope->'data'->'details'->>'mode' AS mode
           FROM outbox WHERE envelope->>'type' = 'audit.recorded' AND envelope->'data'->>'resourceType' = 'billing-guideline'
          ORDER BY created_at, id`,
      ),
    );
  }

  const guidelines = (clientId: string): string => `/v1/clients/${clientId}/billing-guidelines`;

  it('records warn-mode findings on the entry and still lets it be submitted', async () => {
    const { caller, clientId, matterId } = await firmWithMatter();
    const put = await serviceClient(app)
      .as(caller)
      .put(guidelines(clientId), {
        mode: 'warn',
        rules: { requireTaskCode: true, clericalPhrases: ['scheduled'], minNarrativeLength: 30 },
      });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      clientId,
      version: 1,
      mode: 'warn',
      rules: { requireTaskCode: true, clericalPhrases: ['scheduled'], minNarrativeLength: 30 },
    });

    const created = await serviceClient(app).as(caller).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-20',
      minutes: 13,
      narrative: 'Scheduled deposition',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', billedTenths: 3, guidelineVersion: 1 });
    expect(
      created.body.violations.map((violation: { rule: string; severity: string }) => [
        violation.rule,
        violation.severity,
      ]),
    ).toEqual([
      ['task-code-required', 'warning'],
      ['clerical-work', 'warning'],
      ['narrative-min-length', 'warning'],
    ]);

    const submitted = await serviceClient(app).as(caller).post(`/v1/time-entries/${created.body.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', guidelineVersion: 1 });
    expect(submitted.body.violations).toHaveLength(3);
  });

  it('refuses to submit an entry that breaks a block-mode guideline, and the entry stays a draft', async () => {
    const { caller, clientId, matterId } = await firmWithMatter();
    expect(
      (
        await serviceClient(app)
          .as(caller)
          .put(guidelines(clientId), {
            mode: 'block',
            rules: { requireTaskCode: true, forbidBlockBilling: true },
          })
      ).status,
    ).toBe(201);
    const created = await serviceClient(app).as(caller).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-20',
      minutes: 90,
      narrative: 'Drafted motion; called client; reviewed docs',
    });
    expect(created.status).toBe(201);
    expect(created.body.violations.map((violation: { severity: string }) => violation.severity)).toEqual([
      'blocking',
      'blocking',
    ]);

    const refused = await serviceClient(app).as(caller).post(`/v1/time-entries/${created.body.id}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('guideline_violation');
    expect(refused.body.violations).toEqual([
      expect.objectContaining({ rule: 'task-code-required', severity: 'blocking' }),
      expect.objectContaining({
        rule: 'block-billing',
        severity: 'blocking',
        message: expect.stringContaining('"called client"'),
      }),
    ]);
    expect(
      (await serviceClient(app).as(caller).get(`/v1/time-entries/${created.body.id}`)).body,
    ).toMatchObject({
      status: 'draft',
    });

    // Fixed entry: one task, with its code, goes through.
    const fixed = await serviceClient(app).as(caller).patch(`/v1/time-entries/${created.body.id}`, {
      narrative: 'Drafted motion to compel',
      taskCode: 'L350',
    });
    expect(fixed.body.violations).toEqual([]);
    expect(
      (await serviceClient(app).as(caller).post(`/v1/time-entries/${created.body.id}/submit`)).body,
    ).toMatchObject({
      status: 'submitted',
    });
  });

  it("counts the timekeeper's other time that day for the same client against the daily cap, not its own", async () => {
    const { caller, clientId, matterId } = await firmWithMatter();
    const otherClientMatter = await openMatter(caller, randomUUID());
    const secondMatterSameClient = await openMatter(caller, clientId);
    expect(
      (
        await serviceClient(app)
          .as(caller)
          .put(guidelines(clientId), { mode: 'block', rules: { maxHoursPerDay: 2 } })
      ).status,
    ).toBe(201);

    const first = await serviceClient(app).as(caller).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-20',
      minutes: 120,
      narrative: 'Deposition preparation',
    });
    expect(first.body.violations).toEqual([]);
    // Re-evaluated on submit without counting itself twice.
    expect(
      (await serviceClient(app).as(caller).post(`/v1/time-entries/${first.body.id}/submit`)).status,
    ).toBe(200);
    // Another client's matter and another day do not count.
    const elsewhere = await serviceClient(app).as(caller).post('/v1/time-entries', {
      matterId: otherClientMatter,
      workDate: '2026-11-20',
      minutes: 300,
      narrative: 'Trial',
    });
    expect(elsewhere.body.violations).toEqual([]);
    const nextDay = await serviceClient(app).as(caller).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-21',
      minutes: 120,
      narrative: 'Deposition',
    });
    expect(nextDay.body.violations).toEqual([]);

    const over = await serviceClient(app).as(caller).post('/v1/time-entries', {
      matterId: secondMatterSameClient,
      workDate: '2026-11-20',
      minutes: 6,
      narrative: 'Call',
    });
    expect(over.body.violations).toEqual([
      expect.objectContaining({
        rule: 'max-hours-per-day',
        severity: 'blocking',
        message: expect.stringContaining('to 2.1 hours (2 hours already recorded that day)'),
      }),
    ]);
    expect((await serviceClient(app).as(caller).post(`/v1/time-entries/${over.body.id}/submit`)).status).toBe(
      422,
    );
  });

  it('keeps versions immutable: a new version does not change the billed tenths of entries already evaluated', async () => {
    const { caller, clientId, matterId } = await firmWithMatter();
    const firstVersion = await serviceClient(app)
      .as(caller)
      .put(guidelines(clientId), {
        mode: 'warn',
        rules: { minIncrementMinutes: 6 },
      });
    const earlier = await serviceClient(app).as(caller).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-20',
      minutes: 7,
      narrative: 'Reviewed order',
    });
    expect(earlier.body).toMatchObject({ billedTenths: 2, guidelineVersion: 1 });
    expect(
      (await serviceClient(app).as(caller).post(`/v1/time-entries/${earlier.body.id}/submit`)).status,
    ).toBe(200);

    const secondVersion = await serviceClient(app)
      .as(caller)
      .put(guidelines(clientId), {
        mode: 'block',
        rules: { minIncrementMinutes: 15 },
      });
    expect(secondVersion).toMatchObject({
      status: 201,
      body: { version: 2, mode: 'block', rules: { minIncrementMinutes: 15 } },
    });

    // History is not rewritten: the submitted entry keeps its tenths and version.
    expect(
      (await serviceClient(app).as(caller).get(`/v1/time-entries/${earlier.body.id}`)).body,
    ).toMatchObject({
      minutes: 7,
      billedTenths: 2,
      guidelineVersion: 1,
    });
    // New time bills under version 2: 7 minutes → 15 (2.5 tenths) → stored as 3 tenths.
    const later = await serviceClient(app).as(caller).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-20',
      minutes: 7,
      narrative: 'Reviewed order',
    });
    expect(later.body).toMatchObject({ minutes: 7, billedTenths: 3, guidelineVersion: 2 });

    expect((await serviceClient(app).as(caller).get(guidelines(clientId))).body).toMatchObject({
      version: 2,
      mode: 'block',
    });
    const history = await serviceClient(app)
      .as(caller)
      .get(`${guidelines(clientId)}/versions`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([secondVersion.body, firstVersion.body]);
    const firstPage = await serviceClient(app)
      .as(caller)
      .get(`${guidelines(clientId)}/versions?limit=1`);
    expect(firstPage.body.items.map((item: { version: number }) => item.version)).toEqual([2]);
    const secondPage = await serviceClient(app)
      .as(caller)
      .get(`${guidelines(clientId)}/versions?limit=1&cursor=${firstPage.body.nextCursor}`);
    expect(secondPage.body).toEqual({ items: [firstVersion.body], nextCursor: null });
    // Each version was audited in its own transaction.
    expect(await guidelineAudits(caller.firmId)).toEqual([
      {
        action: 'billing-guideline.version-recorded',
        resourceId: firstVersion.body.id,
        version: 1,
        mode: 'warn',
      },
      {
        action: 'billing-guideline.version-recorded',
        resourceId: secondVersion.body.id,
        version: 2,
        mode: 'block',
      },
    ]);
  });

  it('numbers concurrent changes as consecutive versions instead of failing one', async () => {
    const { caller, clientId } = await firmWithMatter();
    const puts = await Promise.all(
      [1, 2, 3, 4, 5].map((hours) =>
        serviceClient(app)
          .as(caller)
          .put(guidelines(clientId), { mode: 'warn', rules: { maxHoursPerDay: hours } }),
      ),
    );
    expect(puts.map((put) => put.status)).toEqual([201, 201, 201, 201, 201]);
    expect(puts.map((put) => put.body.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('validates an entry without saving anything', async () => {
    const { caller, clientId, matterId } = await firmWithMatter();
    await serviceClient(app)
      .as(caller)
      .put(guidelines(clientId), {
        mode: 'block',
        rules: { minIncrementMinutes: 15, forbidBlockBilling: true },
      });
    const checked = await serviceClient(app).as(caller).post('/v1/time-entries/validate', {
      matterId,
      workDate: '2026-11-20',
      duration: '1h 1m',
      narrative: 'Drafted brief; called client',
      taskCode: 'L520',
    });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      minutes: 61,
      billedTenths: 13,
      incrementMinutes: 15,
      guidelineVersion: 1,
      mode: 'block',
    });
    expect(checked.body.violations).toEqual([
      expect.objectContaining({ rule: 'block-billing', severity: 'blocking' }),
    ]);
    expect(
      (await serviceClient(app).as(caller).get(`/v1/time-entries?matterId=${matterId}`)).body.items,
    ).toEqual([]);
  });

  it('answers a client without a guideline with tenths and no findings, and 404 for its current guideline', async () => {
    const { caller, clientId, matterId } = await firmWithMatter();
    const checked = await serviceClient(app).as(caller).post('/v1/time-entries/validate', {
      matterId,
      workDate: '2026-11-20',
      minutes: 7,
      narrative: 'x',
    });
    expect(checked.body).toEqual({
      minutes: 7,
      billedTenths: 2,
      incrementMinutes: 6,
      guidelineVersion: null,
      mode: null,
      violations: [],
    });
    const current = await serviceClient(app).as(caller).get(guidelines(clientId));
    expect(current).toMatchObject({ status: 404, body: { code: 'billing_guideline_not_found' } });
    expect(
      (
        await serviceClient(app)
          .as(caller)
          .get(`${guidelines(clientId)}/versions`)
      ).body,
    ).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("answers 404 for a client the firm has no matter for, including another firm's client", async () => {
    const { caller, clientId, matterId } = await firmWithMatter();
    const otherFirm = newCaller();
    for (const [method, url, payload] of [
      ['PUT', guidelines(clientId), { mode: 'warn', rules: {} }],
      ['GET', guidelines(clientId), undefined],
      ['GET', `${guidelines(clientId)}/versions`, undefined],
    ] as const) {
      const response = await serviceClient(app).as(otherFirm).request(method, url, payload);
      expect(response).toMatchObject({ status: 404, body: { code: 'client_not_found' } });
    }
    expect(
      (await serviceClient(app).as(caller).put(guidelines(randomUUID()), { mode: 'warn', rules: {} })).body
        .code,
    ).toBe('client_not_found');
    expect((await serviceClient(app).as(caller).get(guidelines('not-a-uuid'))).status).toBe(404);
    // Nor can the other firm check time against this firm's matter.
    const validate = await serviceClient(app).as(otherFirm).post('/v1/time-entries/validate', {
      matterId,
      workDate: '2026-11-20',
      minutes: 6,
      narrative: 'x',
    });
    expect(validate.body.code).toBe('matter_not_found');
    // The other firm's attempt left nothing behind.
    expect(
      (
        await serviceClient(app)
          .as(caller)
          .get(`${guidelines(clientId)}/versions`)
      ).body.items,
    ).toEqual([]);
  });

  it('lets only firm admins and billing staff change a guideline, and refuses invalid rules', async () => {
    const { caller, clientId } = await firmWithMatter();
    const attorney = { ...caller, roles: ['attorney'] as FirmRole[] };
    expect(
      (await serviceClient(app).as(attorney).put(guidelines(clientId), { mode: 'warn', rules: {} })).status,
    ).toBe(403);
    expect(
      (
        await serviceClient(app)
          .as({ ...caller, roles: ['billing'] })
          .put(guidelines(clientId), {
            mode: 'warn',
            rules: {},
          })
      ).status,
    ).toBe(201);
    expect((await serviceClient(app).as(attorney).get(guidelines(clientId))).status).toBe(200);
    const invalid = await serviceClient(app)
      .as(caller)
      .put(guidelines(clientId), {
        mode: 'warn',
        rules: { minIncrementMinutes: 7 },
      });
    expect(invalid).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'rules.minIncrementMinutes' }] },
    });
  });

  it('refuses unknown UTBMS codes with 400 naming the field, and lists the code sets', async () => {
    const { caller, matterId } = await firmWithMatter();
    const entry = { matterId, workDate: '2026-11-20', minutes: 30, narrative: 'Drafted appellate brief' };
    const unknown = await serviceClient(app)
      .as(caller)
      .post('/v1/time-entries', {
        ...entry,
        taskCode: 'L999',
        activityCode: 'A999',
      });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'taskCode',
      'activityCode',
    ]);
    expect(
      (
        await serviceClient(app)
          .as(caller)
          .post('/v1/time-entries/validate', { ...entry, taskCode: 'L100' })
      ).body.errors,
    ).toEqual([{ field: 'taskCode', message: expect.stringContaining('is a phase') }]);

    const created = await serviceClient(app)
      .as(caller)
      .post('/v1/time-entries', {
        ...entry,
        taskCode: 'L520',
        activityCode: 'A103',
      });
    expect(created).toMatchObject({ status: 201, body: { taskCode: 'L520', activityCode: 'A103' } });
    const patched = await serviceClient(app).as(caller).patch(`/v1/time-entries/${created.body.id}`, {
      activityCode: 'A112',
    });
    expect(patched).toMatchObject({ status: 400, body: { errors: [{ field: 'activityCode' }] } });
    expect(
      (await serviceClient(app).as(caller).get(`/v1/time-entries/${created.body.id}`)).body.activityCode,
    ).toBe('A103');

    const activities = await serviceClient(app).as(caller).get('/v1/utbms-codes?set=activity');
    expect(activities.status).toBe(200);
    expect(activities.body.items).toHaveLength(11);
    expect(activities.body.items[0]).toEqual({
      code: 'A101',
      description: 'Plan and prepare for',
      set: 'activity',
    });
    const tasks = await serviceClient(app).as(caller).get('/v1/utbms-codes?set=task');
    expect(tasks.body.items).toContainEqual({
      code: 'L530',
      description: 'Oral Argument',
      set: 'task',
      kind: 'task',
      phase: 'L500',
    });
    expect((await serviceClient(app).as(caller).get('/v1/utbms-codes?set=expense')).body.items).toHaveLength(
      24,
    );
    expect((await serviceClient(app).as(caller).get('/v1/utbms-codes?set=ledes')).status).toBe(400);
  });
});
