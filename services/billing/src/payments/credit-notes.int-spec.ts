/**
 * Credit notes on paid invoices against real PostgreSQL and the broker: a credit note never takes an
 * invoice's open amount below zero; crediting paid money is explicit and turns it into client credit;
 * twenty concurrent credit notes never over-credit; bad input and another firm change nothing.
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

describe('Credit notes on paid invoices', () => {
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

  function firm(): { call: CallerClient; clientId: string } {
    const caller = newCaller({ roles: ['firm-admin', 'billing'] });
    return { call: serviceClient(app).as(caller), clientId: randomUUID() };
  }

  /** An issued invoice of the client for 60 minutes at 300.00 an hour: 30000. */
  async function issuedInvoice(call: CallerClient, clientId: string): Promise<string> {
    const matterId = await publishMatterAndWait(app, producer, call.caller.firmId, { clientId });
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
    return issued.body.id as string;
  }

  async function pay(call: CallerClient, clientId: string, invoiceId: string, amountMinor: number) {
    const paid = await call.post('/v1/payments', {
      clientId,
      amountMinor,
      currency: 'USD',
      receivedOn: '2026-11-20',
      method: 'wire',
      payer: 'Acme Corp',
      allocations: [{ invoiceId }],
    });
    expect(paid.status).toBe(201);
    return paid.body.id as string;
  }

  async function account(call: CallerClient, invoiceId: string): Promise<Record<string, unknown>> {
    const response = await call.get(`/v1/invoices/${invoiceId}/account`);
    expect(response.status).toBe(200);
    return response.body as Record<string, unknown>;
  }

  async function clientCredit(call: CallerClient, clientId: string): Promise<number> {
    return (await call.get(`/v1/client-credits/${clientId}?currency=USD`)).body.availableMinor as number;
  }

  async function creditNoteCount(firmId: string): Promise<number> {
    const rows: Array<{ count: string }> = await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query('SELECT count(*) AS count FROM credit_notes'),
    );
    return Number(rows[0]?.count);
  }

  function expectProblem(response: TestResponse, status: number, code: string, field?: string): void {
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
    if (field)
      expect((response.body.errors as Array<{ field: string }>).map((error) => error.field)).toContain(field);
  }

  it('credits at most what is open on a partly paid invoice, and refuses a paid one', async () => {
    const { call, clientId } = firm();
    const invoiceId = await issuedInvoice(call, clientId);
    await pay(call, clientId, invoiceId, 20000);

    const tooMuch = await call.post(`/v1/invoices/${invoiceId}/credit-notes`, {
      amountMinor: 10001,
      reason: 'Goodwill',
    });
    expect(tooMuch.status).toBe(422);
    expectProblem(tooMuch, 422, 'credit_exceeds_balance', 'amountMinor');
    expect(tooMuch.body).toMatchObject({ openMinor: 10000, creditableMinor: 30000 });

    const open = await call.post(`/v1/invoices/${invoiceId}/credit-notes`, { reason: 'Write down the rest' });
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ amountMinor: 10000, extent: 'partial' });
    expect(await account(call, invoiceId)).toMatchObject({
      creditedMinor: 10000,
      paidMinor: 20000,
      openMinor: 0,
      status: 'paid',
    });

    expectProblem(
      await call.post(`/v1/invoices/${invoiceId}/credit-notes`, { amountMinor: 1, reason: 'More' }),
      422,
      'credit_exceeds_balance',
      'amountMinor',
    );
    expectProblem(
      await call.post(`/v1/invoices/${invoiceId}/void`, { reason: 'Billed the wrong client' }),
      422,
      'credit_exceeds_balance',
    );
    expect(await creditNoteCount(call.caller.firmId)).toBe(1);
    expect(await clientCredit(call, clientId)).toBe(0);
  });

  it('turns paid money into client credit only when asked, latest payment first', async () => {
    const { call, clientId } = firm();
    const invoiceId = await issuedInvoice(call, clientId);
    const first = await pay(call, clientId, invoiceId, 12000);
    const second = await pay(call, clientId, invoiceId, 8000);

    const credited = await call.post(`/v1/invoices/${invoiceId}/credit-notes`, {
      amountMinor: 15000,
      reason: 'Fee reduced after review',
      excessToClientCredit: true,
    });
    expect(credited.status).toBe(201);
    expect(credited.body).toMatchObject({ amountMinor: 15000, extent: 'partial' });
    // 10000 was open; the other 5000 came back from the latest payment as credit.
    expect(await account(call, invoiceId)).toMatchObject({
      creditedMinor: 15000,
      paidMinor: 15000,
      openMinor: 0,
    });
    expect(await clientCredit(call, clientId)).toBe(5000);

    const voided = await call.post(`/v1/invoices/${invoiceId}/void`, {
      reason: 'Billed the wrong client',
      excessToClientCredit: true,
    });
    expect(voided.status).toBe(201);
    expect(voided.body).toMatchObject({ amountMinor: 15000, extent: 'full' });
    expect(await account(call, invoiceId)).toMatchObject({
      creditedMinor: 30000,
      paidMinor: 0,
      openMinor: 0,
      status: 'credited',
    });
    expect(await clientCredit(call, clientId)).toBe(20000);
    expectProblem(
      await call.post(`/v1/invoices/${invoiceId}/void`, { reason: 'again', excessToClientCredit: true }),
      409,
      'invoice_fully_credited',
    );

    const events: Array<{ data: Record<string, unknown> }> = await withTenant(
      app.get(DataSource),
      call.caller.firmId,
      (manager) =>
        manager.query(
          `SELECT envelope->'data' AS data FROM outbox
           WHERE envelope->>'type' = 'billing.payment.recorded' AND envelope->'data'->>'kind' = 'credit-release'
           ORDER BY created_at, id`,
        ),
    );
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({
        amountMinor: 5000,
        creditChangeMinor: 5000,
        allocations: [{ invoiceId, amountMinor: -5000 }],
      }),
      expect.objectContaining({
        amountMinor: 15000,
        creditChangeMinor: 15000,
        allocations: [
          { invoiceId, amountMinor: -3000 },
          { invoiceId, amountMinor: -12000 },
        ],
      }),
    ]);
    // The second payment gave back all it held first, then the first payment the rest.
    const ledger = await call.get(`/v1/payments?clientId=${clientId}`);
    const release = (ledger.body.items as Array<Record<string, unknown>>).find(
      (item) => item.kind === 'credit-release' && item.amountMinor === 15000,
    );
    expect(release?.allocations).toHaveLength(2);
    expect(release?.allocations).toEqual(
      expect.arrayContaining([
        { invoiceId, paymentId: second, amountMinor: -3000 },
        { invoiceId, paymentId: first, amountMinor: -12000 },
      ]),
    );
  });

  it('never over-credits under twenty concurrent credit notes on one invoice', async () => {
    const { call, clientId } = firm();
    const invoiceId = await issuedInvoice(call, clientId);
    await pay(call, clientId, invoiceId, 10000);

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call.post(`/v1/invoices/${invoiceId}/credit-notes`, { amountMinor: 3000, reason: 'Concurrent' }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    // 20000 open: six notes of 3000 fit, the seventh would take it to -1000.
    expect(statuses.filter((status) => status === 201)).toHaveLength(6);
    expect(statuses.filter((status) => status === 422)).toHaveLength(14);
    expect(await account(call, invoiceId)).toMatchObject({
      creditedMinor: 18000,
      paidMinor: 10000,
      openMinor: 2000,
    });
    expect(await creditNoteCount(call.caller.firmId)).toBe(6);
  });

  it('refuses bad input with field errors and another firm with 404, changing nothing', async () => {
    const { call, clientId } = firm();
    const invoiceId = await issuedInvoice(call, clientId);
    for (const body of [
      { reason: 'x', excessToClientCredit: 'yes' },
      { reason: 'x', excessToClientCredit: null },
      { reason: 'x', amountMinor: 0 },
      { reason: 'x', amountMinor: 10.5 },
      { reason: 'bad\u0000reason' },
      { reason: '\ud800' },
      { reason: 'x', extra: true },
    ]) {
      const response = await call.post(`/v1/invoices/${invoiceId}/credit-notes`, body);
      expect(response.status).toBe(400);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect((response.body.errors as unknown[]).length).toBeGreaterThan(0);
    }
    const other = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    expect((await other.post(`/v1/invoices/${invoiceId}/credit-notes`, { reason: 'x' })).status).toBe(404);
    expect(
      (await other.post(`/v1/invoices/${invoiceId}/void`, { reason: 'x', excessToClientCredit: true }))
        .status,
    ).toBe(404);
    expect(await creditNoteCount(call.caller.firmId)).toBe(0);
  });
});
