/** Every bad input answers a clear 400 problem+json naming the field, and nothing is stored. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  createTimeEntry,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  timeEntryInput,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { TimekeepingConfig } from './config';

describe('Timekeeping bad input', () => {
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

  /** A caller of a new firm with one open matter. */
  async function firmWithMatter(): Promise<{ firm: CallerClient; matterId: string }> {
    const firm = serviceClient(app).as(newCaller());
    const matterId = await publishMatterAndWait(app, producer, firm.caller.firmId);
    return { firm, matterId };
  }

  function expectFieldProblem(response: TestResponse, field: string, message?: string | RegExp): void {
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, ...(message ? { message } : {}) })]),
    );
  }

  async function count(firm: CallerClient, list: string): Promise<number> {
    const response = await firm.get(`${list}?limit=200`);
    expect(response.status).toBe(200);
    return (response.body as { items: unknown[] }).items.length;
  }

  describe('NUL characters and unpaired surrogates', () => {
    it.each([
      ['a NUL character', 'Drafted\u0000memo', 'narrative must not contain NUL characters'],
      ['a lone surrogate', 'Drafted \uDC00 memo', 'narrative must not contain unpaired UTF-16 surrogates'],
    ])(
      'refuses a time entry whose narrative holds %s and stores nothing',
      async (_label, narrative, message) => {
        const { firm, matterId } = await firmWithMatter();

        const response = await firm.post('/v1/time-entries', timeEntryInput(matterId, { narrative }));

        expectFieldProblem(response, 'narrative', message);
        expect(await count(firm, '/v1/time-entries')).toBe(0);
      },
    );

    it('refuses a batch import whose 3rd row holds a NUL character, naming the row, and imports nothing', async () => {
      const { firm, matterId } = await firmWithMatter();
      const entries = [0, 1, 2].map((index) => ({
        ...timeEntryInput(matterId),
        externalId: `row-${index}`,
        ...(index === 2 ? { narrative: 'Call\u0000' } : {}),
      }));

      const response = await firm.post('/v1/time-entries:batch', { mode: 'accept-valid', entries });

      expectFieldProblem(
        response,
        'entries.2.narrative',
        'entries.2.narrative must not contain NUL characters',
      );
      expect(await count(firm, '/v1/time-entries')).toBe(0);
    });

    it('refuses a NUL character in a PATCH of a draft and keeps its narrative', async () => {
      const { firm, matterId } = await firmWithMatter();
      const entry = await createTimeEntry(firm, matterId, { narrative: 'Reviewed the file' });

      const response = await firm.patch(`/v1/time-entries/${entry.id}`, { narrative: '\u0000' });

      expectFieldProblem(response, 'narrative');
      expect((await firm.get(`/v1/time-entries/${entry.id}`)).body.narrative).toBe('Reviewed the file');
    });
  });

  describe('forged pagination cursors', () => {
    const forged = (sortKey: unknown, id: unknown): string =>
      Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
    const someId = '6f1c2a0e-8a57-4a43-9a51-7b3e2f0c9d11';

    it.each([
      ['/v1/time-entries', forged('2026-11-20T10:00:00.000Z', 'not-a-uuid')],
      ['/v1/time-entries', forged('2026-02-30T10:00:00Z', someId)],
      ['/v1/expenses', forged('yesterday', someId)],
      ['/v1/timers', forged(['nested'], someId)],
      ['/v1/timekeepers', forged('Ann', 'x')],
      [`/v1/clients/${someId}/billing-guidelines/versions`, forged('1.5', someId)],
    ])('%s answers 400 "cursor is invalid" for a forged cursor', async (list, cursor) => {
      const firm = serviceClient(app).as(newCaller());

      const response = await firm.get(`${list}?cursor=${cursor}`);

      expectFieldProblem(response, 'cursor', 'cursor is invalid');
    });

    it('still pages time entries with the cursor the list returned', async () => {
      const { firm, matterId } = await firmWithMatter();
      await createTimeEntry(firm, matterId);
      await createTimeEntry(firm, matterId);

      const first = await firm.get('/v1/time-entries?limit=1');
      const second = await firm.get(`/v1/time-entries?limit=1&cursor=${first.body.nextCursor}`);

      expect(second.status).toBe(200);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });

  describe('matterIds on the time-entry list', () => {
    const someId = '6f1c2a0e-8a57-4a43-9a51-7b3e2f0c9d11';

    it.each([
      [
        'a non-UUID among the ids',
        `${someId},not-a-uuid`,
        'matterIds must be a comma-separated list of matter ids (UUIDs)',
      ],
      [
        '101 ids',
        Array.from({ length: 101 }, () => someId).join(','),
        'matterIds may name at most 100 matters',
      ],
    ])('answers 400 naming matterIds for %s', async (_case, matterIds, message) => {
      const firm = serviceClient(app).as(newCaller());

      const response = await firm.get(`/v1/time-entries?matterIds=${matterIds}`);

      expectFieldProblem(response, 'matterIds', message);
    });

    it("lists the entries of exactly the matters named, and none of another firm's", async () => {
      const { firm, matterId } = await firmWithMatter();
      const other = await firmWithMatter();
      const own = await createTimeEntry(firm, matterId);
      await createTimeEntry(other.firm, other.matterId);

      const response = await firm.get(`/v1/time-entries?matterIds=${matterId},${other.matterId}`);

      expect(response.status).toBe(200);
      expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([own.id]);
    });
  });

  describe('explicit null on optional fields of NOT NULL columns', () => {
    it('refuses POST /v1/time-entries with minutes: null and stores nothing', async () => {
      const { firm, matterId } = await firmWithMatter();

      const response = await firm.post('/v1/time-entries', {
        ...timeEntryInput(matterId),
        minutes: null,
        duration: '1h',
      });

      expectFieldProblem(response, 'minutes', 'minutes must not be null');
      expect(await count(firm, '/v1/time-entries')).toBe(0);
    });

    it.each([
      ['minutes', { minutes: null }],
      ['narrative', { narrative: null }],
      ['billable', { billable: null }],
      ['workDate', { workDate: null }],
    ])('refuses PATCH of a draft with %s: null and leaves the entry as it was', async (field, patch) => {
      const { firm, matterId } = await firmWithMatter();
      const entry = await createTimeEntry(firm, matterId, { minutes: 42, narrative: 'Reviewed the file' });

      const response = await firm.patch(`/v1/time-entries/${entry.id}`, patch);

      expectFieldProblem(response, field, `${field} must not be null`);
      const after = (await firm.get(`/v1/time-entries/${entry.id}`)).body;
      expect(after).toMatchObject({ minutes: 42, narrative: 'Reviewed the file', billable: true });
    });

    it('refuses PATCH of an expense with amountMinor: null and keeps the amount', async () => {
      const { firm, matterId } = await firmWithMatter();
      const created = await firm.post('/v1/expenses', {
        matterId,
        expenseDate: '2026-11-02',
        expenseCode: 'E112',
        description: 'Court filing fee',
        amountMinor: 40000,
        currency: 'USD',
      });
      expect(created.status).toBe(201);

      const response = await firm.patch(`/v1/expenses/${created.body.id}`, { amountMinor: null });

      expectFieldProblem(response, 'amountMinor', 'amountMinor must not be null');
      expect((await firm.get(`/v1/expenses/${created.body.id}`)).body.amountMinor).toBe(40000);
    });

    it('still lets a PATCH change one field and leave the others out', async () => {
      const { firm, matterId } = await firmWithMatter();
      const entry = await createTimeEntry(firm, matterId, { narrative: 'Reviewed the file' });

      const response = await firm.patch(`/v1/time-entries/${entry.id}`, { narrative: 'Reviewed and filed' });

      expect(response.status).toBe(200);
      expect(response.body.minutes).toBe(entry.minutes);
    });
  });

  describe('wrong shapes where objects are expected', () => {
    it('refuses a bulk registration of classifications given as a list of lists and registers none', async () => {
      const firm = serviceClient(app).as(newCaller());
      const before = (await firm.get('/v1/timekeeper-classifications')).body.items.length;

      const response = await firm.post('/v1/timekeeper-classifications/bulk-register', {
        items: [[{ code: 'XX1', label: 'Contract attorney' }]],
      });

      expectFieldProblem(response, 'items', 'items must be a list of objects');
      expect((await firm.get('/v1/timekeeper-classifications')).body.items).toHaveLength(before);
    });

    it('refuses billing-guideline rules given as a list', async () => {
      const firm = serviceClient(app).as(newCaller());

      const response = await firm.put(
        `/v1/clients/${'6f1c2a0e-8a57-4a43-9a51-7b3e2f0c9d11'}/billing-guidelines`,
        {
          mode: 'warn',
          rules: [[]],
        },
      );

      expectFieldProblem(response, 'rules');
    });

    it('reports a batch row given as a list as failed (accept-valid) and imports nothing', async () => {
      const { firm, matterId } = await firmWithMatter();

      const response = await firm.post('/v1/time-entries:batch', {
        mode: 'accept-valid',
        entries: [[timeEntryInput(matterId)]],
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        created: 0,
        failed: 1,
        results: [{ index: 0, status: 'failed' }],
      });
      expect(await count(firm, '/v1/time-entries')).toBe(0);
    });
  });
});
