/**
 * Payments against real PostgreSQL and the broker: partial payments, overpayment kept as credit and
 * applied later, named allocations, refunds, reversal of a bounced payment, twenty concurrent payments on
 * one invoice, immutability as the app role, firm isolation and bad input.
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
import { PaymentsService } from './payments.service';

const RATE_MINOR = 30000; // 300.00 an hour: 60 minutes bill 30000

describe('Payments', () => {
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

  /** A firm, a billing clerk and one client. */
  function firm(): { call: CallerClient; clientId: string } {
    const caller = newCaller({ roles: ['firm-admin', 'billing'] });
    return { call: serviceClient(app).as(caller), clientId: randomUUID() };
  }

  /** An issued invoice of the client for `minutes` of time at 300.00 an hour, on a matter of its own. */
  async function issuedInvoice(call: CallerClient, clientId: string, minutes: number): Promise<string> {
    const matterId = await publishMatterAndWait(app, producer, call.caller.firmId, { clientId });
    expect(
      (
        await call.post('/v1/rate-rules', {
          scope: 'matter',
          matterId,
          rateMinor: RATE_MINOR,
          currency: 'USD',
          effectiveFrom: '2026-01-01',
        })
      ).status,
    ).toBe(201);
    const event = approvedTimeEntryEvent(call.caller.firmId, matterId, {
      minutes,
      timekeeperId: 'keeper-1',
      timekeeperName: 'Ada Lovelace',
      classification: 'AS',
      ledesClassification: 'AS',
    });
    await publishEvents(producer, TOPICS.timeEntry.name, [event]);
    await eventually(async () =>
      (await call.get(`/v1/matters/${matterId}/wip`)).body.entryCount === 1 ? true : undefined,
    );
    const bill = await call.post('/v1/pre-bills', { matterId, periodEnd: '2026-11-30', currency: 'USD' });
    expect(bill.status).toBe(201);
    const issued = await call.post(`/v1/pre-bills/${bill.body.id}/issue`);
    expect(issued.status).toBe(200);
    return issued.body.id as string;
  }

  function pay(
    call: CallerClient,
    clientId: string,
    amountMinor: number,
    extra: Record<string, unknown> = {},
  ) {
    return call.post('/v1/payments', {
      clientId,
      amountMinor,
      currency: 'USD',
      receivedOn: '2026-11-20',
      method: 'check',
      reference: 'CHK 1001',
      payer: 'Acme Corp',
      ...extra,
    });
  }

  async function account(call: CallerClient, invoiceId: string): Promise<Record<string, unknown>> {
    const response = await call.get(`/v1/invoices/${invoiceId}/account`);
    expect(response.status).toBe(200);
    return response.body as Record<string, unknown>;
  }

  async function credit(call: CallerClient, clientId: string): Promise<number> {
    const response = await call.get(`/v1/client-credits/${clientId}?currency=USD`);
    expect(response.status).toBe(200);
    return response.body.availableMinor as number;
  }

  async function outbox(firmId: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data' AS data FROM outbox
         WHERE envelope->>'type' LIKE 'billing.payment.%' ORDER BY created_at, id`,
      ),
    );
  }

  function expectProblem(response: TestResponse, status: number, code: string): void {
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
  }

  it('pays the oldest invoice first, part then whole, and keeps an overpayment as credit applied later', async () => {
    const { call, clientId } = firm();
    const older = await issuedInvoice(call, clientId, 60); // 30000
    const newer = await issuedInvoice(call, clientId, 30); // 15000

    const first = await pay(call, clientId, 20000);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'payment',
      allocations: [{ invoiceId: older, amountMinor: 20000 }],
      unallocatedMinor: 0,
    });
    expect(await account(call, older)).toMatchObject({
      status: 'partially-paid',
      paidMinor: 20000,
      openMinor: 10000,
    });
    expect(await account(call, newer)).toMatchObject({ status: 'issued', paidMinor: 0, openMinor: 15000 });

    const second = await pay(call, clientId, 30000, { method: 'wire', reference: 'WIRE 77' });
    expect(second.body).toMatchObject({
      allocations: [
        { invoiceId: older, amountMinor: 10000 },
        { invoiceId: newer, amountMinor: 15000 },
      ],
      unallocatedMinor: 5000,
    });
    expect(await account(call, older)).toMatchObject({ status: 'paid', openMinor: 0 });
    expect(await account(call, newer)).toMatchObject({ status: 'paid', openMinor: 0 });
    expect(await credit(call, clientId)).toBe(5000);

    // Nothing owed: applying the credit has nothing to do.
    expectProblem(
      await call.post(`/v1/client-credits/${clientId}/applications`, { currency: 'USD' }),
      422,
      'nothing_to_apply',
    );

    const third = await issuedInvoice(call, clientId, 30); // 15000
    const applied = await call.post(`/v1/client-credits/${clientId}/applications`, { currency: 'USD' });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({
      kind: 'credit-application',
      amountMinor: 5000,
      allocations: [{ invoiceId: third, paymentId: second.body.id, amountMinor: 5000 }],
    });
    expect(await account(call, third)).toMatchObject({
      status: 'partially-paid',
      paidMinor: 5000,
      openMinor: 10000,
    });
    expect(await credit(call, clientId)).toBe(0);
    expectProblem(
      await call.post(`/v1/client-credits/${clientId}/refunds`, {
        amountMinor: 1,
        currency: 'USD',
        refundedOn: '2026-11-21',
        method: 'check',
      }),
      422,
      'refund_exceeds_credit',
    );

    const events = await outbox(call.caller.firmId);
    expect(events.map((event) => [event.type, event.data.kind, event.data.creditChangeMinor])).toEqual([
      ['billing.payment.recorded', 'payment', 0],
      ['billing.payment.recorded', 'payment', 5000],
      ['billing.payment.recorded', 'credit-application', -5000],
    ]);
    expect(events[1].data.allocations).toEqual([
      { invoiceId: older, amountMinor: 10000 },
      { invoiceId: newer, amountMinor: 15000 },
    ]);
    const listed = (await call.get(`/v1/payments?clientId=${clientId}`)).body.items;
    expect(listed.map((item: { id: string }) => item.id)).toEqual([
      applied.body.id,
      second.body.id,
      first.body.id,
    ]);
  });

  it('pays named invoices in the order named and refuses one the client does not owe', async () => {
    const { call, clientId } = firm();
    const older = await issuedInvoice(call, clientId, 60);
    const newer = await issuedInvoice(call, clientId, 30);
    const other = firm();
    const elsewhere = await issuedInvoice(call, other.clientId, 30);

    const named = await pay(call, clientId, 12000, {
      allocations: [{ invoiceId: newer, amountMinor: 10000 }, { invoiceId: older }],
    });
    expect(named.status).toBe(201);
    expect(named.body.allocations).toEqual([
      { invoiceId: newer, paymentId: named.body.id, amountMinor: 10000 },
      { invoiceId: older, paymentId: named.body.id, amountMinor: 2000 },
    ]);

    const refused = await pay(call, clientId, 5000, { allocations: [{ invoiceId: elsewhere }] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'allocations[0].invoiceId' })]);
    const tooMuch = await pay(call, clientId, 9000, {
      allocations: [{ invoiceId: newer, amountMinor: 5001 }],
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ field: 'allocations[0].amountMinor' })]);
    expect(await account(call, newer)).toMatchObject({ paidMinor: 10000, openMinor: 5000 });
    expect(await account(call, elsewhere)).toMatchObject({ paidMinor: 0 });
    // What the newer invoice's PDF shows of the account: the older one's 28000 still owed, 10000 paid on it.
    const statement = await app.get(PaymentsService).invoiceStatement(call.caller, newer);
    expect(statement).toEqual({
      dueDate: (await account(call, newer)).dueDate,
      previousBalanceMinor: 28000,
      paymentsReceivedMinor: 10000,
    });
    expect(statement.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await call.get(`/v1/payments?clientId=${clientId}`)).body.items).toHaveLength(1);
  });

  it('reverses a bounced payment: its invoices are owed again, the credit it left and applied is undone', async () => {
    const { call, clientId } = firm();
    const older = await issuedInvoice(call, clientId, 60); // 30000
    const payment = (await pay(call, clientId, 35000)).body;
    expect(payment.unallocatedMinor).toBe(5000);
    const newer = await issuedInvoice(call, clientId, 30); // 15000
    expect((await call.post(`/v1/client-credits/${clientId}/applications`, { currency: 'USD' })).status).toBe(
      201,
    );
    expect(await account(call, newer)).toMatchObject({ paidMinor: 5000, status: 'partially-paid' });

    const reversal = await call.post(`/v1/payments/${payment.id}/reversal`, {
      reason: 'Check returned: insufficient funds',
      reversedOn: '2026-11-24',
    });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({
      kind: 'reversal',
      reversesPaymentId: payment.id,
      amountMinor: 35000,
    });
    expect(reversal.body.allocations).toEqual(
      expect.arrayContaining([
        { invoiceId: older, paymentId: payment.id, amountMinor: -30000 },
        { invoiceId: newer, paymentId: payment.id, amountMinor: -5000 },
      ]),
    );
    expect(await account(call, older)).toMatchObject({ status: 'issued', paidMinor: 0, openMinor: 30000 });
    expect(await account(call, newer)).toMatchObject({ status: 'issued', paidMinor: 0, openMinor: 15000 });
    expect(await credit(call, clientId)).toBe(0);
    expect((await call.get(`/v1/payments/${payment.id}`)).body.reversedBy).toBe(reversal.body.id);

    expectProblem(
      await call.post(`/v1/payments/${payment.id}/reversal`, { reason: 'again', reversedOn: '2026-11-24' }),
      409,
      'payment_already_reversed',
    );
    expectProblem(
      await call.post(`/v1/payments/${reversal.body.id}/reversal`, { reason: 'x', reversedOn: '2026-11-24' }),
      409,
      'payment_not_reversible',
    );
    const reversed = (await outbox(call.caller.firmId)).filter(
      (event) => event.type === 'billing.payment.reversed',
    );
    expect(reversed).toHaveLength(1);
    expect(reversed[0].data).toMatchObject({
      paymentId: payment.id,
      reversalId: reversal.body.id,
      amountMinor: 35000,
    });
  });

  it('refunds credit and then refuses to reverse the payment it came from', async () => {
    const { call, clientId } = firm();
    await issuedInvoice(call, clientId, 30); // 15000
    const payment = (await pay(call, clientId, 20000)).body;
    const refund = await call.post(`/v1/client-credits/${clientId}/refunds`, {
      amountMinor: 3000,
      currency: 'USD',
      refundedOn: '2026-11-22',
      method: 'wire',
      reference: 'RF-1',
    });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({
      kind: 'refund',
      allocations: [{ invoiceId: null, paymentId: payment.id, amountMinor: 3000 }],
    });
    expect(await credit(call, clientId)).toBe(2000);
    expectProblem(
      await call.post(`/v1/payments/${payment.id}/reversal`, { reason: 'bounced', reversedOn: '2026-11-24' }),
      409,
      'payment_credit_refunded',
    );
    expect(await credit(call, clientId)).toBe(2000);
  });

  it('never allocates more than is owed when twenty payments on one invoice arrive at once', async () => {
    const { call, clientId } = firm();
    const invoice = await issuedInvoice(call, clientId, 60); // 30000
    const named = await Promise.all(
      Array.from({ length: 20 }, () =>
        pay(call, clientId, 2000, { allocations: [{ invoiceId: invoice, amountMinor: 2000 }] }),
      ),
    );
    expect(named.filter((response) => response.status === 201)).toHaveLength(15);
    expect(named.filter((response) => response.status === 400)).toHaveLength(5);
    expect(await account(call, invoice)).toMatchObject({ status: 'paid', paidMinor: 30000, openMinor: 0 });

    const second = await issuedInvoice(call, clientId, 60); // 30000 more
    const oldestFirst = await Promise.all(Array.from({ length: 20 }, () => pay(call, clientId, 2000)));
    expect(oldestFirst.every((response) => response.status === 201)).toBe(true);
    expect(await account(call, second)).toMatchObject({ paidMinor: 30000, openMinor: 0 });
    expect(await credit(call, clientId)).toBe(10000);
    const leftOver = oldestFirst.reduce(
      (sum, response) => sum + (response.body.unallocatedMinor as number),
      0,
    );
    expect(leftOver).toBe(10000);
  });

  it('keeps payments and their allocations insert-only for the app role', async () => {
    const { call, clientId } = firm();
    await issuedInvoice(call, clientId, 30);
    const payment = (await pay(call, clientId, 1000)).body;
    const asAppRole = (sql: string, parameters: unknown[]) =>
      withTenant(app.get(DataSource), call.caller.firmId, async (manager) => {
        const [{ role }] = (await manager.query('SELECT current_user AS role')) as Array<{ role: string }>;
        expect(role).not.toBe('postgres');
        return manager.query(sql, parameters);
      });
    await expect(
      asAppRole('UPDATE payments SET amount_minor = 1 WHERE id = $1', [payment.id]),
    ).rejects.toThrow(/permission denied/);
    await expect(asAppRole('DELETE FROM payments WHERE id = $1', [payment.id])).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      asAppRole('UPDATE payment_allocations SET amount_minor = 0 WHERE payment_id = $1', [payment.id]),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asAppRole('DELETE FROM payment_allocations WHERE payment_id = $1', [payment.id]),
    ).rejects.toThrow(/permission denied/);
    expect((await call.get(`/v1/payments/${payment.id}`)).body).toMatchObject({ amountMinor: 1000 });
  });

  it("answers 404 for another firm's payment, invoice and client, and changes nothing", async () => {
    const { call, clientId } = firm();
    const invoice = await issuedInvoice(call, clientId, 30);
    const payment = (await pay(call, clientId, 20000)).body;
    const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    expectProblem(await stranger.get(`/v1/payments/${payment.id}`), 404, 'payment_not_found');
    expectProblem(
      await stranger.post(`/v1/payments/${payment.id}/reversal`, { reason: 'x', reversedOn: '2026-11-24' }),
      404,
      'payment_not_found',
    );
    expectProblem(await stranger.get(`/v1/invoices/${invoice}/account`), 404, 'invoice_not_found');
    expectProblem(await stranger.get(`/v1/client-credits/${clientId}?currency=USD`), 404, 'client_not_found');
    expectProblem(await pay(stranger, clientId, 100), 404, 'client_not_found');
    expectProblem(
      await stranger.post(`/v1/client-credits/${clientId}/refunds`, {
        amountMinor: 100,
        currency: 'USD',
        refundedOn: '2026-11-22',
        method: 'check',
      }),
      404,
      'client_not_found',
    );
    expect((await stranger.get('/v1/payments')).body.items).toEqual([]);
    expect(await credit(call, clientId)).toBe(5000);
    expect((await call.get(`/v1/payments/${payment.id}`)).body.reversedBy).toBeNull();
  });

  it('refuses bad input with 400 problem+json naming the field, and records nothing', async () => {
    const { call, clientId } = firm();
    const invoice = await issuedInvoice(call, clientId, 30);
    const valid = {
      clientId,
      amountMinor: 1000,
      currency: 'USD',
      receivedOn: '2026-11-20',
      method: 'check',
      payer: 'Acme Corp',
    };
    const bodies: Array<[Record<string, unknown> | string, string]> = [
      [{ ...valid, amountMinor: 0 }, 'amountMinor'],
      [{ ...valid, amountMinor: 10.5 }, 'amountMinor'],
      [{ ...valid, amountMinor: '1000' }, 'amountMinor'],
      [{ ...valid, amountMinor: null }, 'amountMinor'],
      [{ ...valid, currency: 'usd' }, 'currency'],
      [{ ...valid, receivedOn: '2026-02-30' }, 'receivedOn'],
      [{ ...valid, receivedOn: '2999-01-01' }, 'receivedOn'],
      [{ ...valid, method: 'barter' }, 'method'],
      [{ ...valid, payer: '' }, 'payer'],
      [{ ...valid, payer: 'Acme\u0000Corp' }, 'payer'],
      [{ ...valid, reference: 'bad \ud800 ref' }, 'reference'],
      [{ ...valid, reference: null }, 'reference'],
      [{ ...valid, clientId: 'acme' }, 'clientId'],
      [{ ...valid, allocations: [] }, 'allocations'],
      [{ ...valid, allocations: null }, 'allocations'],
      [{ ...valid, allocations: [{ invoiceId: invoice, amountMinor: -5 }] }, 'allocations'],
      [
        { ...valid, allocations: [{ invoiceId: invoice }, { invoiceId: invoice }] },
        'allocations[1].invoiceId',
      ],
      [
        {
          ...valid,
          allocations: [
            { invoiceId: invoice, amountMinor: 800 },
            { invoiceId: invoice, amountMinor: 300 },
          ],
        },
        'allocations',
      ],
      [{ ...valid, extra: 1 }, 'extra'],
      ['[1, 2]', ''],
    ];
    for (const [body, field] of bodies) {
      const response = await call.request('POST', '/v1/payments', body, {
        headers: { 'content-type': 'application/json' },
      });
      expect([response.status, field]).toEqual([400, field]);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      if (field) expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    const payment = (await pay(call, clientId, 20000)).body;
    for (const [url, body, field] of [
      [`/v1/payments/${payment.id}/reversal`, { reason: '' }, 'reason'],
      [`/v1/payments/${payment.id}/reversal`, { reason: 'x', reversedOn: null }, 'reversedOn'],
      [
        `/v1/client-credits/${clientId}/refunds`,
        { amountMinor: -1, currency: 'USD', refundedOn: '2026-11-22', method: 'check' },
        'amountMinor',
      ],
      [
        `/v1/client-credits/${clientId}/applications`,
        { currency: 'USD', invoiceIds: ['nope'] },
        'invoiceIds',
      ],
    ] as const) {
      const response = await call.post(url, body);
      expect([response.status, field]).toEqual([400, field]);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    expect((await call.get(`/v1/payments/not-a-uuid`)).status).toBe(404);
    expect((await call.get(`/v1/payments?clientId=${clientId}`)).body.items).toHaveLength(1);
    expect(await account(call, invoice)).toMatchObject({ paidMinor: 15000 });
    expect(await credit(call, clientId)).toBe(5000);
    expect((await call.get(`/v1/payments/${payment.id}`)).body.reversedBy).toBeNull();
  });
});
