/** Expenses against real PostgreSQL and the broker: the workflow, its events, billing's invoices, isolation. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  ExpenseApprovedV1,
  ExpenseReversedV1,
  InvoiceIssuedV1,
  MatterClosedV1,
  MatterOpenedV1,
  TOPICS,
} from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  eventually,
  newCaller,
  parseJsonMessage,
  publishMatter as publishMatterEvent,
  serviceClient,
  serviceTestEnv,
  type TestCaller,
  testKafka,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { TimekeepingConfig } from '../config';

interface PublishedExpenseEvent {
  type: string;
  firmId: string;
  aggregateId: string;
  data: Record<string, unknown> & { expenseId: string };
}

describe('Expenses', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let consumer: Consumer;
  const published: PublishedExpenseEvent[] = [];

  beforeAll(async () => {
    const config = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    app = await bootService('timekeeping', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
    consumer = testKafka().consumer({
      groupId: `tk-expense-spec-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.expense.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parseJsonMessage<PublishedExpenseEvent>(message.value);
        if (event?.data) published.push(event);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await app?.close();
  });

  async function publishMatter(
    type: string,
    firmId: string,
    matterId: string,
    status: 'open' | 'closed',
    changedAt: Date,
  ): Promise<void> {
    await publishMatterEvent(producer, firmId, { type, matterId, status, changedAt });
  }

  async function publishInvoice(firmId: string, matterId: string, expenseIds: string[]): Promise<string> {
    const invoiceId = randomUUID();
    const envelope = createEnvelope({
      type: InvoiceIssuedV1.type,
      firmId,
      aggregateId: invoiceId,
      actor: { type: 'service', id: 'billing' },
      correlationId: randomUUID(),
      data: {
        invoiceId,
        invoiceNumber: 'INV-2026-0007',
        matterId,
        timeEntryIds: [],
        expenseIds,
        issuedAt: new Date().toISOString(),
      },
    });
    await producer.send({
      topic: TOPICS.invoice.name,
      messages: [{ key: invoiceId, value: JSON.stringify(envelope) }],
    });
    return invoiceId;
  }

  function expenseInput(matterId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      matterId,
      expenseDate: '2026-01-15',
      expenseCode: 'E112',
      description: 'Filing fee, motion to compel',
      amountMinor: 40000,
      currency: 'USD',
      ...overrides,
    };
  }

  /** Ids of the draft each opened matter's readiness probe left behind. */
  const probes = new Map<string, string>();

  /**
   * A matter the service has learnt of from intake's event, open for expenses. The projection
   * is fed asynchronously, so wait until an expense is accepted on it (that probe stays a draft).
   */
  async function openMatterFor(caller: TestCaller): Promise<string> {
    const matterId = randomUUID();
    await publishMatter(MatterOpenedV1.type, caller.firmId, matterId, 'open', new Date());
    const probe = await eventually(async () => {
      const response = await serviceClient(app)
        .as(caller)
        .post('/v1/expenses', expenseInput(matterId, { description: 'readiness probe' }));
      return response.status === 201 ? (response.body as { id: string }) : undefined;
    });
    probes.set(matterId, probe.id);
    return matterId;
  }

  async function createExpense(
    caller: TestCaller,
    matterId: string,
    overrides: Record<string, unknown> = {},
  ) {
    const response = await serviceClient(app)
      .as(caller)
      .post('/v1/expenses', expenseInput(matterId, overrides));
    expect(response.status).toBe(201);
    return response.body;
  }

  async function eventFor(type: string, firmId: string, expenseId: string): Promise<PublishedExpenseEvent> {
    return eventually(async () =>
      published.find(
        (event) => event.type === type && event.firmId === firmId && event.data.expenseId === expenseId,
      ),
    );
  }

  it('takes an outsourced expense from draft through approval and publishes its money and vendor', async () => {
    const timekeeper = newCaller({ roles: ['paralegal'] });
    const approver: TestCaller = colleagueOf(timekeeper, ['attorney']);
    const matterId = await openMatterFor(timekeeper);
    const vendorId = randomUUID();

    const created = await createExpense(timekeeper, matterId, {
      expenseCode: 'E118',
      description: 'E-discovery hosting, November',
      amountMinor: 123456,
      currency: 'EUR',
      vendorId,
      receiptDocumentRef: 'doc:receipt-881',
    });
    expect(created).toMatchObject({
      status: 'draft',
      timekeeperId: timekeeper.subject,
      expenseCode: 'E118',
      expenseCodeDescription: 'Litigation support vendors',
      amountMinor: 123456,
      currency: 'EUR',
      billable: true,
      outsourced: true,
      vendorId,
    });

    // A paralegal records and submits, but cannot approve.
    expect((await serviceClient(app).as(timekeeper).post(`/v1/expenses/${created.id}/approve`)).status).toBe(
      403,
    );
    expect(
      (await serviceClient(app).as(approver).post(`/v1/expenses/${created.id}/approve`)).body,
    ).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'draft',
    });
    expect(
      (await serviceClient(app).as(timekeeper).post(`/v1/expenses/${created.id}/submit`)).body.status,
    ).toBe('submitted');
    const approved = await serviceClient(app).as(approver).post(`/v1/expenses/${created.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: approver.subject });
    const again = await serviceClient(app).as(approver).post(`/v1/expenses/${created.id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_transition');
    // Approved money is not edited: it is reversed.
    expect(
      (await serviceClient(app).as(timekeeper).patch(`/v1/expenses/${created.id}`, { amountMinor: 1 }))
        .status,
    ).toBe(409);

    const event = await eventFor(ExpenseApprovedV1.type, timekeeper.firmId, created.id);
    expect(event.aggregateId).toBe(created.id);
    expect(event.data).toEqual({
      expenseId: created.id,
      matterId,
      timekeeperId: timekeeper.subject,
      expenseDate: '2026-01-15',
      expenseCode: 'E118',
      description: 'E-discovery hosting, November',
      amountMinor: 123456,
      currency: 'EUR',
      billable: true,
      outsourced: true,
      vendorId,
      receiptDocumentRef: 'doc:receipt-881',
      approvedAt: approved.body.approvedAt,
      approvedBy: approver.subject,
    });
    expect(typeof event.data.amountMinor).toBe('number');

    const fetched = await serviceClient(app).as(timekeeper).get(`/v1/expenses/${created.id}`);
    expect(fetched.body).toMatchObject({ status: 'approved', amountMinor: 123456 });
  });

  it('sends a rejected expense back to draft on edit, and approves it once resubmitted', async () => {
    const caller = newCaller();
    const matterId = await openMatterFor(caller);
    const expense = await createExpense(caller, matterId, {
      expenseCode: 'E111',
      description: 'Dinner',
      amountMinor: 18250,
    });
    await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/submit`);

    expect(
      (await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/reject`, { reason: '  ' }))
        .status,
    ).toBe(400);
    const rejected = await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/reject`, {
      reason: 'Over the client meal cap; no receipt.',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Over the client meal cap; no receipt.',
    });
    expect((await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/submit`)).status).toBe(409);

    const edited = await serviceClient(app).as(caller).patch(`/v1/expenses/${expense.id}`, {
      amountMinor: 7500,
      receiptDocumentRef: 'doc:receipt-912',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      status: 'draft',
      amountMinor: 7500,
      receiptDocumentRef: 'doc:receipt-912',
      outsourced: false,
    });
    expect((await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/submit`)).body.status).toBe(
      'submitted',
    );
    expect((await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/approve`)).body.status).toBe(
      'approved',
    );

    const event = await eventFor(ExpenseApprovedV1.type, caller.firmId, expense.id);
    expect(event.data).toMatchObject({
      amountMinor: 7500,
      currency: 'USD',
      outsourced: false,
      receiptDocumentRef: 'doc:receipt-912',
    });
  });

  it('reverses approved money with a negative approved expense and voids the original', async () => {
    const caller = newCaller();
    const matterId = await openMatterFor(caller);
    const expense = await createExpense(caller, matterId, {
      expenseCode: 'E110',
      description: 'Flight to Denver',
      amountMinor: 61999,
    });
    expect((await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/reverse`, {})).status).toBe(
      409,
    );
    await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/submit`);
    await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/approve`);

    const reversed = await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/reverse`, {
      reason: 'Charged to the wrong matter',
    });
    expect(reversed.status).toBe(200);
    const { reversal } = reversed.body;
    expect(reversed.body.reversed).toMatchObject({
      id: expense.id,
      status: 'voided',
      amountMinor: 61999,
      reversedByExpenseId: reversal.id,
    });
    expect(reversal).toMatchObject({
      status: 'approved',
      amountMinor: -61999,
      currency: 'USD',
      expenseCode: 'E110',
      reversesExpenseId: expense.id,
      matterId,
    });
    expect((await serviceClient(app).as(caller).get(`/v1/expenses/${expense.id}`)).body).toMatchObject({
      status: 'voided',
      reversedByExpenseId: reversal.id,
    });
    expect((await serviceClient(app).as(caller).post(`/v1/expenses/${expense.id}/reverse`, {})).status).toBe(
      409,
    );

    const event = await eventFor(ExpenseReversedV1.type, caller.firmId, reversal.id);
    // Keyed by the original, so billing sees it after the approval it cancels.
    expect(event.aggregateId).toBe(expense.id);
    expect(event.data).toMatchObject({
      reversedExpenseId: expense.id,
      amountMinor: -61999,
      currency: 'USD',
      reason: 'Charged to the wrong matter',
    });

    const voided = await serviceClient(app).as(caller).get(`/v1/expenses?matterId=${matterId}&status=voided`);
    expect(voided.body.items.map((item: { id: string }) => item.id)).toEqual([expense.id]);
  });

  it("marks approved expenses billed when billing's invoice lists them, and leaves others alone", async () => {
    const caller = newCaller();
    const matterId = await openMatterFor(caller);
    const billedOne = await createExpense(caller, matterId, {
      expenseCode: 'E115',
      description: 'Deposition transcript',
      amountMinor: 89000,
    });
    const draftOne = await createExpense(caller, matterId, {
      expenseCode: 'E101',
      description: 'Copies',
      amountMinor: 1200,
    });
    await serviceClient(app).as(caller).post(`/v1/expenses/${billedOne.id}/submit`);
    await serviceClient(app).as(caller).post(`/v1/expenses/${billedOne.id}/approve`);

    const invoiceId = await publishInvoice(caller.firmId, matterId, [billedOne.id, draftOne.id]);
    const billed = await eventually(async () => {
      const response = await serviceClient(app).as(caller).get(`/v1/expenses/${billedOne.id}`);
      return response.body.status === 'billed' ? response.body : undefined;
    });
    expect(billed).toMatchObject({ invoiceId, billedAt: expect.any(String) });
    // A draft is not billable work yet, whatever an invoice says.
    expect((await serviceClient(app).as(caller).get(`/v1/expenses/${draftOne.id}`)).body).toMatchObject({
      status: 'draft',
      invoiceId: null,
    });

    // Billed money is still corrected by reversal, never edited.
    expect(
      (await serviceClient(app).as(caller).patch(`/v1/expenses/${billedOne.id}`, { amountMinor: 1 })).status,
    ).toBe(409);
    const reversed = await serviceClient(app).as(caller).post(`/v1/expenses/${billedOne.id}/reverse`, {});
    expect(reversed.body.reversal).toMatchObject({ amountMinor: -89000, status: 'approved' });
    expect(reversed.body.reversed).toMatchObject({ status: 'voided', invoiceId });
  });

  it('refuses expenses on a closed matter, and on a matter it has never heard of', async () => {
    const caller = newCaller();
    const unknown = await serviceClient(app).as(caller).post('/v1/expenses', expenseInput(randomUUID()));
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('matter_not_found');

    const matterId = await openMatterFor(caller);
    const draft = await createExpense(caller, matterId);
    await publishMatter(MatterClosedV1.type, caller.firmId, matterId, 'closed', new Date(Date.now() + 1000));
    const refused = await eventually(async () => {
      const response = await serviceClient(app).as(caller).post('/v1/expenses', expenseInput(matterId));
      return response.status === 422 ? response.body : undefined;
    });
    expect(refused).toMatchObject({
      code: 'matter_not_open',
      errors: [expect.objectContaining({ field: 'matterId' })],
    });
    // A draft written before the matter closed cannot be submitted onto it either.
    expect((await serviceClient(app).as(caller).post(`/v1/expenses/${draft.id}/submit`)).body.code).toBe(
      'matter_not_open',
    );
  });

  it("answers 404 for another firm's expense, and never lists it", async () => {
    const owner = newCaller();
    const matterId = await openMatterFor(owner);
    const expense = await createExpense(owner, matterId);
    const stranger = newCaller();

    for (const [method, url, payload] of [
      ['GET', `/v1/expenses/${expense.id}`, undefined],
      ['PATCH', `/v1/expenses/${expense.id}`, { amountMinor: 1 }],
      ['POST', `/v1/expenses/${expense.id}/submit`, undefined],
      ['POST', `/v1/expenses/${expense.id}/approve`, undefined],
      ['POST', `/v1/expenses/${expense.id}/reject`, { reason: 'no' }],
      ['POST', `/v1/expenses/${expense.id}/reverse`, {}],
    ] as const) {
      const response = await serviceClient(app).as(stranger).request(method, url, payload);
      expect({ method, url, status: response.status, code: response.body.code }).toEqual({
        method,
        url,
        status: 404,
        code: 'expense_not_found',
      });
    }
    expect(
      (await serviceClient(app).as(stranger).get(`/v1/expenses?matterId=${matterId}`)).body.items,
    ).toEqual([]);
    // The stranger's firm does not know the matter either.
    expect(
      (await serviceClient(app).as(stranger).post('/v1/expenses', expenseInput(matterId))).body.code,
    ).toBe('matter_not_found');
    expect((await serviceClient(app).as(owner).get(`/v1/expenses/${expense.id}`)).body.status).toBe('draft');
    expect((await serviceClient(app).as(owner).get('/v1/expenses/not-an-id')).status).toBe(404);
  });

  it('answers 400 naming the field for bad codes, money and dates', async () => {
    const caller = newCaller();
    const matterId = await openMatterFor(caller);
    const tomorrowEverywhere = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    for (const [change, field] of [
      [{ expenseCode: 'E125' }, 'expenseCode'],
      [{ amountMinor: 100.5 }, 'amountMinor'],
      [{ amountMinor: 0 }, 'amountMinor'],
      [{ amountMinor: -5 }, 'amountMinor'],
      [{ currency: 'usd' }, 'currency'],
      [{ currency: 'ZZZ' }, 'currency'],
      [{ expenseDate: tomorrowEverywhere }, 'expenseDate'],
    ] as const) {
      const response = await serviceClient(app)
        .as(caller)
        .post('/v1/expenses', expenseInput(matterId, change));
      expect({
        change,
        status: response.status,
        fields: response.body.errors?.map((error: { field: string }) => error.field),
      }).toEqual({
        change,
        status: 400,
        fields: [field],
      });
    }
  });

  it("lists a matter's expenses newest first, filtered by status, page by page", async () => {
    const caller = newCaller();
    const matterId = await openMatterFor(caller);
    const probe = probes.get(matterId);
    const first = await createExpense(caller, matterId, { amountMinor: 100 });
    const second = await createExpense(caller, matterId, { amountMinor: 200 });
    const third = await createExpense(caller, matterId, { amountMinor: 300 });
    await serviceClient(app).as(caller).post(`/v1/expenses/${second.id}/submit`);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await serviceClient(app)
        .as(caller)
        .get(`/v1/expenses?matterId=${matterId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([third.id, second.id, first.id, probe]);

    const submitted = await serviceClient(app)
      .as(caller)
      .get(`/v1/expenses?matterId=${matterId}&status=submitted`);
    expect(submitted.body.items.map((item: { id: string }) => item.id)).toEqual([second.id]);
    expect((await serviceClient(app).as(caller).get('/v1/expenses?cursor=garbage')).status).toBe(400);
  });
});
