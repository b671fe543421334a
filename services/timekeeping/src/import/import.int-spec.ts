/** Bulk import against real PostgreSQL and the broker: POST /v1/time-entries:batch (the CSV command's own test is in tools/time-import). */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MatterClosedV1, MatterOpenedV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { createLogger } from '@lawfirm/observability';
import { createServiceApp, loadConfig } from '@lawfirm/platform';
import {
  newCaller,
  newFirmId,
  publishMatterAndWait,
  registerServiceApp,
  serviceClient,
  serviceTestEnv,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { TimekeepingConfig } from '../config';
import { allowLargeImportBodies } from './batch-body-limit';

interface RowResult {
  index: number;
  externalId: string | null;
  status: 'created' | 'duplicate' | 'failed' | 'valid';
  id?: string;
  errors?: Array<{ field: string; message: string }>;
}
interface ImportResult {
  created: number;
  duplicates: number;
  failed: number;
  results: RowResult[];
  code?: string;
}

describe('Time entry import', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    const logger = createLogger('timekeeping', process.env.TEST_LOG_LEVEL ?? 'warn');
    // As main.ts starts it: the batch route takes bodies beyond the 1 MiB default.
    app = await createServiceApp({
      service: 'timekeeping',
      module: AppModule.register(config, logger),
      logger,
      port: 0,
      configure: allowLargeImportBodies,
    });
    await app.init();
    await app.startAllMicroservices();
    await app.getHttpAdapter().getInstance().ready();
    registerServiceApp(app, 'timekeeping');
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  async function publishMatter(
    firmId: string,
    status: 'open' | 'closed',
    options: { matterId?: string; clientId?: string } = {},
  ): Promise<string> {
    const type = status === 'open' ? MatterOpenedV1.type : MatterClosedV1.type;
    return publishMatterAndWait(app, producer, firmId, { ...options, type, status });
  }

  async function importBatch(
    firmId: string,
    mode: 'all-or-nothing' | 'accept-valid',
    entries: unknown[],
    subject?: string,
  ) {
    const caller = newCaller({ firmId, ...(subject ? { subject } : {}) });
    const response = await serviceClient(app).as(caller).post('/v1/time-entries:batch', { mode, entries });
    return { status: response.status, body: response.body as ImportResult };
  }

  async function storedEntries(firmId: string): Promise<
    Array<{
      external_id: string;
      status: string;
      source: string;
      minutes: number;
      billed_tenths: number;
      violations: Array<{ rule: string }>;
    }>
  > {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT external_id, status, source, minutes, billed_tenths, violations FROM time_entries ORDER BY external_id`,
      ),
    );
  }

  const row = (
    matterId: string,
    externalId: string,
    overrides: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    externalId,
    matterId,
    workDate: '2026-11-20',
    minutes: 42,
    narrative: 'Reviewed the production',
    ...overrides,
  });

  it('stores the valid rows as imported drafts and reports each bad row with its field errors in accept-valid mode', async () => {
    const firmId = newFirmId();
    const matterId = await publishMatter(firmId, 'open');

    const { status, body } = await importBatch(firmId, 'accept-valid', [
      row(matterId, 'a-1', { minutes: 13 }),
      row(matterId, 'a-2', {
        minutes: undefined,
        duration: '1h 12m',
        taskCode: 'L120',
        activityCode: 'A103',
        billable: false,
      }),
      row(matterId, 'a-3', { workDate: '2026-02-30', narrative: ' ' }),
      row(matterId, 'a-4', { minutes: 0, colour: 'red' }),
    ]);

    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 2, duplicates: 0, failed: 2 });
    expect(body.results[0]).toEqual({
      index: 0,
      externalId: 'a-1',
      status: 'created',
      id: expect.any(String),
    });
    expect(body.results[1]).toMatchObject({ index: 1, externalId: 'a-2', status: 'created' });
    expect(body.results[2]).toEqual({
      index: 2,
      externalId: 'a-3',
      status: 'failed',
      errors: [
        { field: 'workDate', message: 'workDate must be a date in the form YYYY-MM-DD' },
        { field: 'narrative', message: 'narrative must describe the work' },
      ],
    });
    expect(body.results[3]?.errors?.map((error) => error.field).sort()).toEqual(['colour', 'minutes']);

    const stored = await storedEntries(firmId);
    expect(stored).toEqual([
      expect.objectContaining({
        external_id: 'a-1',
        status: 'draft',
        source: 'import',
        minutes: 13,
        billed_tenths: 3,
      }),
      expect.objectContaining({
        external_id: 'a-2',
        status: 'draft',
        source: 'import',
        minutes: 72,
        billed_tenths: 12,
      }),
    ]);
    // The entries read back through the API like any other draft.
    const created = await serviceClient(app)
      .as(newCaller({ firmId }))
      .get(`/v1/time-entries/${body.results[1]?.id}`);
    expect(created.body).toMatchObject({
      externalId: 'a-2',
      matterId,
      minutes: 72,
      taskCode: 'L120',
      activityCode: 'A103',
      billable: false,
      status: 'draft',
    });
  });

  it("stores nothing and answers 422 with every row's result when one row is bad in all-or-nothing mode", async () => {
    const firmId = newFirmId();
    const matterId = await publishMatter(firmId, 'open');

    const { status, body } = await importBatch(firmId, 'all-or-nothing', [
      row(matterId, 'b-1'),
      row(matterId, 'b-2', { minutes: 2000 }),
      row(matterId, 'b-3'),
    ]);

    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'import_rejected', created: 0, duplicates: 0, failed: 1 });
    expect(body.results).toEqual([
      { index: 0, externalId: 'b-1', status: 'valid' },
      {
        index: 1,
        externalId: 'b-2',
        status: 'failed',
        errors: [{ field: 'minutes', message: 'minutes cannot exceed 1440 (one day)' }],
      },
      { index: 2, externalId: 'b-3', status: 'valid' },
    ]);
    expect(await storedEntries(firmId)).toEqual([]);

    const fixed = await importBatch(firmId, 'all-or-nothing', [
      row(matterId, 'b-1'),
      row(matterId, 'b-2', { minutes: 200 }),
      row(matterId, 'b-3'),
    ]);
    expect(fixed).toMatchObject({ status: 200, body: { created: 3, failed: 0 } });
  });

  it('reports every row of a retried batch as a duplicate with the existing id and creates nothing', async () => {
    const firmId = newFirmId();
    const matterId = await publishMatter(firmId, 'open');
    const entries = Array.from({ length: 25 }, (_unused, index) =>
      row(matterId, `c-${index}`, { minutes: index + 1 }),
    );

    const first = await importBatch(firmId, 'all-or-nothing', entries);
    const retried = await importBatch(firmId, 'all-or-nothing', entries);

    expect(first.body).toMatchObject({ created: 25, duplicates: 0, failed: 0 });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ created: 0, duplicates: 25, failed: 0 });
    expect(retried.body.results.map((result) => [result.status, result.id])).toEqual(
      first.body.results.map((result) => ['duplicate', result.id]),
    );
    expect(await storedEntries(firmId)).toHaveLength(25);
  });

  it('creates each row once when the same batch is sent twice at the same time', async () => {
    const firmId = newFirmId();
    const matterId = await publishMatter(firmId, 'open');
    const entries = Array.from({ length: 2000 }, (_unused, index) => row(matterId, `r-${index}`));

    const [one, two] = await Promise.all([
      importBatch(firmId, 'all-or-nothing', entries),
      importBatch(firmId, 'all-or-nothing', entries),
    ]);

    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body.created + two.body.created).toBe(2000);
    expect(one.body.duplicates + two.body.duplicates).toBe(2000);
    // Whichever lost the race names the winner's entries.
    const ids = (result: ImportResult): string[] => result.results.map((rowResult) => rowResult.id as string);
    expect(ids(one.body)).toEqual(ids(two.body));
    expect(await storedEntries(firmId)).toHaveLength(2000);
  });

  it('imports only the first of two rows with the same externalId in one batch', async () => {
    const firmId = newFirmId();
    const matterId = await publishMatter(firmId, 'open');

    const { body } = await importBatch(firmId, 'accept-valid', [
      row(matterId, 'd-1'),
      row(matterId, 'd-2'),
      row(matterId, 'd-1', { minutes: 99 }),
    ]);

    expect(body).toMatchObject({ created: 2, failed: 1 });
    expect(body.results[2]).toEqual({
      index: 2,
      externalId: 'd-1',
      status: 'failed',
      errors: [
        { field: 'externalId', message: 'duplicate externalId in batch: only its first row is imported' },
      ],
    });
    expect((await storedEntries(firmId)).map((entry) => [entry.external_id, entry.minutes])).toEqual([
      ['d-1', 42],
      ['d-2', 42],
    ]);
  });

  it("fails rows on a closed matter, an unknown matter and another firm's matter", async () => {
    const firmId = newFirmId();
    const openMatterId = await publishMatter(firmId, 'open');
    const closedMatterId = await publishMatter(firmId, 'open');
    await publishMatter(firmId, 'closed', { matterId: closedMatterId });
    const otherFirmsMatterId = await publishMatter(newFirmId(), 'open');

    const { body } = await importBatch(firmId, 'accept-valid', [
      row(openMatterId, 'e-1'),
      row(closedMatterId, 'e-2'),
      row(randomUUID(), 'e-3'),
      row(otherFirmsMatterId, 'e-4'),
    ]);

    expect(body).toMatchObject({ created: 1, failed: 3 });
    expect(body.results.slice(1)).toEqual([
      {
        index: 1,
        externalId: 'e-2',
        status: 'failed',
        errors: [{ field: 'matterId', message: 'the matter is closed, not open' }],
      },
      {
        index: 2,
        externalId: 'e-3',
        status: 'failed',
        errors: [{ field: 'matterId', message: 'matterId must be the id of an open matter of this firm' }],
      },
      {
        index: 3,
        externalId: 'e-4',
        status: 'failed',
        errors: [{ field: 'matterId', message: 'matterId must be the id of an open matter of this firm' }],
      },
    ]);
  });

  it("counts earlier rows of the batch and stored time towards the client's daily cap", async () => {
    const firmId = newFirmId();
    const subject = randomUUID();
    const clientId = randomUUID();
    const matterA = await publishMatter(firmId, 'open', { clientId });
    const matterB = await publishMatter(firmId, 'open', { clientId });
    await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `INSERT INTO billing_guidelines (id, firm_id, client_id, version, mode, rules, created_by) VALUES ($1, $2, $3, 1, 'warn', $4, 'tester')`,
        [randomUUID(), firmId, clientId, JSON.stringify({ maxHoursPerDay: 8, minIncrementMinutes: 15 })],
      ),
    );
    const earlier = await importBatch(
      firmId,
      'accept-valid',
      [row(matterA, 'f-0', { minutes: 300 })],
      subject,
    );
    expect(earlier.body.created).toBe(1);

    const { body } = await importBatch(
      firmId,
      'accept-valid',
      [
        row(matterA, 'f-1', { minutes: 120 }),
        row(matterB, 'f-2', { minutes: 90 }),
        row(matterB, 'f-3', { minutes: 30, workDate: '2026-11-21' }),
      ],
      subject,
    );

    expect(body.created).toBe(3);
    // 300 stored + 120 = 7 h (within 8 h); + 90 = 8.5 h: only f-2 is over, and only because both
    // the stored entry and the batch's earlier row count. Billed in the client's 15-minute increments.
    const stored = await storedEntries(firmId);
    expect(
      stored.map((entry) => [
        entry.external_id,
        entry.billed_tenths,
        entry.violations.map((violation) => violation.rule),
      ]),
    ).toEqual([
      ['f-0', 50, []],
      ['f-1', 20, []],
      ['f-2', 15, ['max-hours-per-day']],
      ['f-3', 5, []],
    ]);
  });

  it('imports 10,000 rows in one call', async () => {
    const firmId = newFirmId();
    const matterIds = [await publishMatter(firmId, 'open'), await publishMatter(firmId, 'open')];
    const entries = Array.from({ length: 10_000 }, (_unused, index) =>
      row(matterIds[index % 2] as string, `bulk-${index}`, {
        minutes: (index % 240) + 1,
        workDate: `2026-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
        narrative: `Reviewed documents, "batch" ${index}; drafted notes \\ follow-up`,
        taskCode: 'L120',
      }),
    );

    const started = Date.now();
    const { status, body } = await importBatch(firmId, 'all-or-nothing', entries);
    const elapsedMs = Date.now() - started;

    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 10_000, duplicates: 0, failed: 0 });
    const [counted] = await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT count(*)::int AS entries, count(DISTINCT external_id)::int AS ids, min(narrative) AS sample FROM time_entries WHERE source = 'import'`,
      ),
    );
    expect(counted).toMatchObject({ entries: 10_000, ids: 10_000 });
    expect(counted.sample).toMatch(/^Reviewed documents, "batch" \d+; drafted notes \\ follow-up$/);
    process.stderr.write(
      `[import] 10,000 rows in one call: ${elapsedMs} ms (${Math.round(10_000 / (elapsedMs / 1000))} rows/s)\n`,
    );
  });

  it('refuses a batch above 10,000 entries and a body without a mode', async () => {
    const firmId = newFirmId();
    const tooMany = await importBatch(
      firmId,
      'accept-valid',
      Array.from({ length: 10_001 }, () => ({})),
    );
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('at most 10000 entries');

    const noMode = await serviceClient(app)
      .as(newCaller({ firmId }))
      .post('/v1/time-entries:batch', { entries: [{}] });
    expect(noMode.status).toBe(400);
    expect(noMode.body.errors).toEqual([
      { field: 'mode', message: 'mode must be one of: all-or-nothing, accept-valid' },
    ]);
  });

  it('documents the route in the OpenAPI document as /v1/time-entries:batch', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    const document = response.json<{ paths: Record<string, { post?: { requestBody?: unknown } }> }>();

    expect(response.statusCode).toBe(200);
    expect(document.paths['/v1/time-entries:batch']?.post?.requestBody).toBeDefined();
  });
});
