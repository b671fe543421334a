/**
 * Payment plans against real PostgreSQL and the broker: instalments adding up to the open amount, their
 * status from the payments on fixed dates, twenty concurrent plans making one, bad input and another firm.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@lawfirm/contracts';
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
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';
import { addDaysTo } from './reminder.rules';

describe('Payment plans', () => {
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

  /** An issued invoice of a new client for 60 minutes at 300.00 an hour (30000), due 30 days after issue. */
  async function issuedInvoice(
    call: CallerClient,
  ): Promise<{ invoiceId: string; clientId: string; dueDate: string }> {
    const clientId = randomUUID();
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
    const issued = await call.post(`/v1/pre-bills/${bill.body.id}/issue`);
    expect(issued.status).toBe(200);
    const account = (await call.get(`/v1/invoices/${issued.body.id}/account`)).body;
    return { invoiceId: issued.body.id as string, clientId, dueDate: account.dueDate as string };
  }

  function pay(call: CallerClient, clientId: string, invoiceId: string, amountMinor: number) {
    return call.post('/v1/payments', {
      clientId,
      amountMinor,
      currency: 'USD',
      receivedOn: new Date().toISOString().slice(0, 10),
      method: 'wire',
      payer: 'Client',
      allocations: [{ invoiceId, amountMinor }],
    });
  }

  it('splits what is open into instalments whose status follows the payments', async () => {
    const call = clerk();
    const { invoiceId, clientId, dueDate } = await issuedInvoice(call);
    expect((await pay(call, clientId, invoiceId, 5000)).status).toBe(201);
    expect((await call.get(`/v1/invoices/${invoiceId}/payment-plan`)).status).toBe(404);
    const days = [dueDate, addDaysTo(dueDate, 30), addDaysTo(dueDate, 60)];
    const agreed = await call.post(`/v1/invoices/${invoiceId}/payment-plan`, {
      instalments: [
        { dueOn: days[0], amountMinor: 10000 },
        { dueOn: days[1], amountMinor: 10000 },
        { dueOn: days[2], amountMinor: 5000 },
      ],
      note: 'Agreed by phone',
    });
    expect(agreed.status).toBe(201);
    expect(agreed.body).toMatchObject({ totalMinor: 25000, paidMinor: 0 });

    const before = await call.get(`/v1/invoices/${invoiceId}/payment-plan?asOf=${days[0]}`);
    expect(before.body.instalments.map((item: { status: string }) => item.status)).toEqual([
      'due',
      'due',
      'due',
    ]);
    expect((await pay(call, clientId, invoiceId, 12000)).status).toBe(201);
    const later = await call.get(`/v1/invoices/${invoiceId}/payment-plan?asOf=${addDaysTo(days[1]!, 1)}`);
    expect(later.body.paidMinor).toBe(12000);
    expect(later.body.instalments).toEqual([
      { dueOn: days[0], amountMinor: 10000, paidMinor: 10000, status: 'paid' },
      { dueOn: days[1], amountMinor: 10000, paidMinor: 2000, status: 'overdue' },
      { dueOn: days[2], amountMinor: 5000, paidMinor: 0, status: 'due' },
    ]);
  });

  it('agrees one plan under twenty concurrent requests and refuses a paid invoice', async () => {
    const call = clerk();
    const { invoiceId, dueDate } = await issuedInvoice(call);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call.post(`/v1/invoices/${invoiceId}/payment-plan`, {
          instalments: [{ dueOn: dueDate, amountMinor: 30000 }],
        }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(19);
    expect(responses.find((response) => response.status === 409)?.body.code).toBe('payment_plan_exists');

    const paid = await issuedInvoice(call);
    expect((await pay(call, paid.clientId, paid.invoiceId, 30000)).status).toBe(201);
    const refused = await call.post(`/v1/invoices/${paid.invoiceId}/payment-plan`, {
      instalments: [{ dueOn: dueDate, amountMinor: 1 }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('invoice_settled');
  });

  it('refuses bad instalments with field errors and another firm with 404, agreeing nothing', async () => {
    const call = clerk();
    const { invoiceId, dueDate } = await issuedInvoice(call);
    const cases: Array<[unknown, string]> = [
      [[{ dueOn: dueDate, amountMinor: 29999 }], 'instalments'],
      [
        [
          { dueOn: addDaysTo(dueDate, 10), amountMinor: 15000 },
          { dueOn: dueDate, amountMinor: 15000 },
        ],
        'instalments[1].dueOn',
      ],
      [[], 'instalments'],
      [null, 'instalments'],
      [[{ dueOn: '2026-02-30', amountMinor: 30000 }], 'instalments.0.dueOn'],
      [[{ dueOn: dueDate, amountMinor: 0 }], 'instalments.0.amountMinor'],
      [[{ dueOn: dueDate, amountMinor: 1.5 }], 'instalments.0.amountMinor'],
    ];
    for (const [instalments, field] of cases) {
      const response = await call.post(`/v1/invoices/${invoiceId}/payment-plan`, { instalments });
      expect(response.status).toBe(400);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      const fields = (response.body.errors as Array<{ field: string }>).map((error) =>
        error.field.replace(/\[(\d+)\]\./g, '.$1.'),
      );
      expect(fields.some((name) => name.startsWith(field.replace(/\[(\d+)\]\./g, '.$1.')))).toBe(true);
    }
    const other = clerk();
    expect((await other.get(`/v1/invoices/${invoiceId}/payment-plan`)).status).toBe(404);
    expect(
      (
        await other.post(`/v1/invoices/${invoiceId}/payment-plan`, {
          instalments: [{ dueOn: dueDate, amountMinor: 30000 }],
        })
      ).status,
    ).toBe(404);
    expect((await call.get(`/v1/invoices/${invoiceId}/payment-plan`)).status).toBe(404);
  });
});
