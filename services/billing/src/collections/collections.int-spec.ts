/**
 * Collections against real PostgreSQL and the broker: the firm's default payment terms, collections
 * status transitions (promised, disputed, in collections, written off) with their audit records and
 * events, a write-off lowering the open amount and aging, twenty concurrent write-offs making one, bad
 * input and another firm's invoice.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  approvedTimeEntryEvent,
  bootService,
  eventually,
  newCaller,
  publishEvents,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';
import { addDaysTo as addDays } from './reminder.rules';

describe('Collections', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(BillingConfig, serviceTestEnv('billing'));
    app = await bootService('billing', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  function clerk(): CallerClient {
    return serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
  }

  /** An issued invoice for 60 minutes at 300.00 an hour (30000); `termsDays` sets the matter's terms. */
  async function issuedInvoice(
    call: CallerClient,
    clientId: string,
    termsDays?: number,
  ): Promise<{ invoiceId: string; issuedOn: string; dueDate: string }> {
    const matterId = await publishMatterAndWait(app, producer, call.caller.firmId, { clientId });
    if (termsDays !== undefined)
      expect(
        (
          await call.put(`/v1/matters/${matterId}/billing-terms`, {
            currency: 'USD',
            paymentTermsDays: termsDays,
          })
        ).status,
      ).toBe(200);
    expect(
      (
        await call.post('/v1/rate-rules', {
          scope: 'matter',
          matterId,
          rateMinor: 30000,
          currency: 'USD',
          effectiveFrom: '2026-01-01',
        })
      ).status,
    ).toBe(201);
    await publishEvents(producer, TOPICS.timeEntry.name, [
      approvedTimeEntryEvent(call.caller.firmId, matterId, { minutes: 60, timekeeperId: 'keeper-1' }),
    ]);
    await eventually(async () =>
      (await call.get(`/v1/matters/${matterId}/wip`)).body.entryCount === 1 ? true : undefined,
    );
    const bill = await call.post('/v1/pre-bills', { matterId, periodEnd: '2026-11-30', currency: 'USD' });
    expect(bill.status).toBe(201);
    const issued = await call.post(`/v1/pre-bills/${bill.body.id}/issue`);
    expect(issued.status).toBe(200);
    const account = (await call.get(`/v1/invoices/${issued.body.id}/account`)).body;
    return {
      invoiceId: issued.body.id as string,
      issuedOn: (issued.body.issuedAt as string).slice(0, 10),
      dueDate: account.dueDate as string,
    };
  }

  function setStatus(call: CallerClient, invoiceId: string, body: Record<string, unknown>) {
    return call.post(`/v1/invoices/${invoiceId}/collection-status`, body);
  }

  async function outbox(
    firmId: string,
    typePrefix: string,
  ): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data' AS data FROM outbox
         WHERE envelope->>'type' LIKE $1 ORDER BY created_at, id`,
        [`${typePrefix}%`],
      ),
    );
  }

  async function auditActions(firmId: string, action: string): Promise<number> {
    const rows = await outbox(firmId, 'audit.');
    return rows.filter((row) => row.data.action === action).length;
  }

  function expectProblem(response: TestResponse, status: number, code: string, field?: string): void {
    expect(response.status).toBe(status);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
    if (field)
      expect((response.body.errors as Array<{ field: string }>).map((error) => error.field)).toContain(field);
  }

  it("dates invoices by the firm's default terms when the matter has none, and the matter's when it has", async () => {
    const call = clerk();
    expect((await call.get('/v1/billing-terms')).body).toEqual({
      paymentTermsDays: 30,
      isDefault: true,
      updatedAt: null,
    });
    const set = await call.put('/v1/billing-terms', { paymentTermsDays: 45 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ paymentTermsDays: 45, isDefault: false });
    expect((await call.get('/v1/billing-terms')).body).toMatchObject({ paymentTermsDays: 45 });
    expect(await auditActions(call.caller.firmId, 'firm-billing-terms.set')).toBe(1);

    const clientId = randomUUID();
    const firmTerms = await issuedInvoice(call, clientId);
    expect(firmTerms.dueDate).toBe(addDays(firmTerms.issuedOn, 45));
    const matterTerms = await issuedInvoice(call, clientId, 10);
    expect(matterTerms.dueDate).toBe(addDays(matterTerms.issuedOn, 10));

    for (const body of [
      { paymentTermsDays: 366 },
      { paymentTermsDays: -1 },
      { paymentTermsDays: 1.5 },
      { paymentTermsDays: null },
      { paymentTermsDays: '30' },
      {},
      { paymentTermsDays: 30, extra: 1 },
    ]) {
      const refused = await call.put('/v1/billing-terms', body);
      expect(refused.status).toBe(400);
      expect(String(refused.headers['content-type'])).toContain('application/problem+json');
    }
    expect((await call.get('/v1/billing-terms')).body).toMatchObject({ paymentTermsDays: 45 });
    // Another firm's default is its own.
    expect((await clerk().get('/v1/billing-terms')).body).toMatchObject({
      paymentTermsDays: 30,
      isDefault: true,
    });
  });

  it('moves an invoice through promised, disputed and written off, each audited and evented', async () => {
    const call = clerk();
    const clientId = randomUUID();
    const { invoiceId, issuedOn } = await issuedInvoice(call, clientId);
    expect((await call.get(`/v1/invoices/${invoiceId}/collection-status`)).body).toMatchObject({
      status: 'none',
      openMinor: 30000,
      writtenOffMinor: 0,
    });

    const promised = await setStatus(call, invoiceId, {
      status: 'promised',
      promisedOn: addDays(issuedOn, 14),
      promisedAmountMinor: 20000,
    });
    expect(promised.status).toBe(200);
    expect(promised.body).toMatchObject({ status: 'promised', promisedAmountMinor: 20000, openMinor: 30000 });
    expectProblem(
      await setStatus(call, invoiceId, {
        status: 'promised',
        promisedOn: addDays(issuedOn, 14),
        promisedAmountMinor: 20000,
      }),
      409,
      'collection_status_unchanged',
    );
    expectProblem(
      await setStatus(call, invoiceId, {
        status: 'promised',
        promisedOn: addDays(issuedOn, 20),
        promisedAmountMinor: 30001,
      }),
      422,
      'promise_exceeds_open',
      'promisedAmountMinor',
    );
    const disputed = await setStatus(call, invoiceId, {
      status: 'disputed',
      disputeReason: 'Hours on 3 Nov contested',
    });
    expect(disputed.body).toMatchObject({
      status: 'disputed',
      disputeReason: 'Hours on 3 Nov contested',
      promisedOn: null,
    });

    const writtenOff = await setStatus(call, invoiceId, { status: 'written-off', note: 'Client insolvent' });
    expect(writtenOff.status).toBe(200);
    expect(writtenOff.body).toMatchObject({ status: 'written-off', openMinor: 0, writtenOffMinor: 30000 });
    expect((await call.get(`/v1/invoices/${invoiceId}/account`)).body).toMatchObject({
      status: 'written-off',
      paidMinor: 0,
      writtenOffMinor: 30000,
      openMinor: 0,
    });
    // Aging no longer counts it; a later payment finds nothing open and stays credit.
    const aging = await call.get(
      `/v1/receivables/aging?asOf=${addDays(issuedOn, 40)}&groupBy=client&clientId=${clientId}`,
    );
    expect(aging.status).toBe(200);
    expect(
      (aging.body.rows as Array<{ totalMinor: number }>).reduce((sum, row) => sum + row.totalMinor, 0),
    ).toBe(0);
    const payment = await call.post('/v1/payments', {
      clientId,
      amountMinor: 1000,
      currency: 'USD',
      receivedOn: issuedOn,
      method: 'wire',
      payer: 'Client',
    });
    expect(payment.body).toMatchObject({ allocations: [], unallocatedMinor: 1000 });
    expectProblem(
      await setStatus(call, invoiceId, { status: 'none' }),
      409,
      'collection_transition_not_allowed',
    );
    expectProblem(
      await call.post(`/v1/invoices/${invoiceId}/credit-notes`, {
        amountMinor: 1,
        reason: 'after write-off',
      }),
      422,
      'credit_exceeds_balance',
    );

    const changes = await outbox(call.caller.firmId, 'billing.invoice.');
    expect(
      changes
        .filter((row) => row.type !== 'billing.invoice.issued')
        .map((row) => [row.type, row.data.previousStatus ?? null, row.data.status ?? row.data.amountMinor]),
    ).toEqual([
      ['billing.invoice.collection-status-changed', 'none', 'promised'],
      ['billing.invoice.collection-status-changed', 'promised', 'disputed'],
      ['billing.invoice.collection-status-changed', 'disputed', 'written-off'],
      ['billing.invoice.written-off', null, 30000],
    ]);
    expect(await auditActions(call.caller.firmId, 'invoice.collection-status-changed')).toBe(2);
    expect(await auditActions(call.caller.firmId, 'invoice.written-off')).toBe(1);
  });

  it('refuses to chase a paid invoice and writes off exactly once under twenty concurrent requests', async () => {
    const call = clerk();
    const clientId = randomUUID();
    const paid = await issuedInvoice(call, clientId);
    const open = await issuedInvoice(call, clientId);
    expect(
      (
        await call.post('/v1/payments', {
          clientId,
          amountMinor: 30000,
          currency: 'USD',
          receivedOn: paid.issuedOn,
          method: 'wire',
          payer: 'Client',
          allocations: [{ invoiceId: paid.invoiceId }],
        })
      ).status,
    ).toBe(201);
    expectProblem(
      await setStatus(call, paid.invoiceId, { status: 'in-collections' }),
      409,
      'invoice_settled',
    );

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        setStatus(call, open.invoiceId, { status: 'written-off', note: 'Uncollectable' }),
      ),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(19);
    expect((await call.get(`/v1/invoices/${open.invoiceId}/account`)).body).toMatchObject({
      writtenOffMinor: 30000,
      openMinor: 0,
    });
    expect((await outbox(call.caller.firmId, 'billing.invoice.written-off')).length).toBe(1);
  });

  it('refuses bad input with field errors and another firm with 404, changing nothing', async () => {
    const call = clerk();
    const { invoiceId, issuedOn } = await issuedInvoice(call, randomUUID());
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ status: 'promised', promisedAmountMinor: 100 }, 'promisedOn'],
      [{ status: 'promised', promisedOn: issuedOn }, 'promisedAmountMinor'],
      [{ status: 'disputed' }, 'disputeReason'],
      [{ status: 'written-off' }, 'note'],
      [{ status: 'in-collections', disputeReason: 'x' }, 'disputeReason'],
      [{ status: 'paid' }, 'status'],
      [{ status: null }, 'status'],
      [{ status: 'promised', promisedOn: '2026-02-30', promisedAmountMinor: 100 }, 'promisedOn'],
      [{ status: 'promised', promisedOn: issuedOn, promisedAmountMinor: 1.5 }, 'promisedAmountMinor'],
      [{ status: 'disputed', disputeReason: 'bad\u0000reason' }, 'disputeReason'],
      [{ status: 'disputed', disputeReason: '\ud800' }, 'disputeReason'],
      [{ status: 'disputed', disputeReason: null }, 'disputeReason'],
      [{ status: 'written-off', note: 'x', writtenOffOn: '2999-01-01' }, 'writtenOffOn'],
    ];
    for (const [body, field] of cases) {
      const response = await setStatus(call, invoiceId, body);
      expectProblem(response, 400, response.body.code as string, field);
    }
    expect((await call.get(`/v1/invoices/${invoiceId}/collection-status`)).body).toMatchObject({
      status: 'none',
      updatedAt: null,
    });
    const other = clerk();
    expect((await other.get(`/v1/invoices/${invoiceId}/collection-status`)).status).toBe(404);
    expect((await setStatus(other, invoiceId, { status: 'in-collections' })).status).toBe(404);
    expect((await setStatus(call, randomUUID(), { status: 'in-collections' })).status).toBe(404);
    expect((await call.get(`/v1/invoices/${invoiceId}/collection-status`)).body.status).toBe('none');
  });
});
