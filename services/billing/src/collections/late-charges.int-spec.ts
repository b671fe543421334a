/**
 * Late charges against real PostgreSQL and the broker: interest and flat fees only where the engagement's
 * terms allow them, once per invoice and period (also under twenty concurrent runs), nothing on disputed
 * or paid invoices, bad input refused with field errors, another firm 404.
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
import { addDaysTo } from './reminder.rules';

describe('Late charges', () => {
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
  ): Promise<{ invoiceId: string; clientId: string; matterId: string; dueDate: string }> {
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
    return { invoiceId: issued.body.id as string, clientId, matterId, dueDate: account.dueDate as string };
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

  function expectProblem(response: TestResponse, status: number, field?: string): void {
    expect(response.status).toBe(status);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    if (field)
      expect((response.body.errors as Array<{ field: string }>).map((error) => error.field)).toContain(field);
  }

  it('charges interest and fees only where the terms allow, once per period, never on disputed invoices', async () => {
    const call = clerk();
    const allowed = await issuedInvoice(call);
    const noTerms = await issuedInvoice(call);
    const disputed = await issuedInvoice(call);
    const paid = await issuedInvoice(call);
    expect((await call.get('/v1/collections/late-charge-terms')).status).toBe(404);
    for (const invoice of [allowed, disputed, paid]) {
      const terms = await call.put('/v1/collections/late-charge-terms', {
        matterId: invoice.matterId,
        annualRateBp: 1200,
        graceDays: 0,
      });
      expect(terms.status).toBe(200);
    }
    expect(
      (await call.get(`/v1/collections/late-charge-terms?matterId=${allowed.matterId}`)).body,
    ).toMatchObject({ matterId: allowed.matterId, annualRateBp: 1200, flatFeeMinor: null, graceDays: 0 });
    expect((await pay(call, allowed.clientId, allowed.invoiceId, 10000)).status).toBe(201);
    expect((await pay(call, paid.clientId, paid.invoiceId, 30000)).status).toBe(201);
    expect(
      (
        await call.post(`/v1/invoices/${disputed.invoiceId}/collection-status`, {
          status: 'disputed',
          disputeReason: 'Hours contested',
        })
      ).status,
    ).toBe(200);

    // 30 days overdue on the 20,000 left: 20,000 × 12 % × 30 / 365 = 197.26 -> 197
    const firstAsOf = addDaysTo(allowed.dueDate, 30);
    const first = await call.post('/v1/collections/late-charge-runs', { asOf: firstAsOf });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ asOf: firstAsOf, period: firstAsOf.slice(0, 7) });
    expect(first.body.charged).toEqual([
      expect.objectContaining({
        invoiceId: allowed.invoiceId,
        interestMinor: 197,
        flatFeeMinor: 0,
        amountMinor: 197,
        principalMinor: 20000,
        chargeableDays: 30,
        currency: 'USD',
      }),
    ]);
    const again = await call.post('/v1/collections/late-charge-runs', { asOf: firstAsOf });
    expect(again.body.charged).toEqual([]);

    // The firm's default now allows a 25.00 fee a month where a matter has no terms of its own.
    expect(
      (
        await call.put('/v1/collections/late-charge-terms', {
          flatFeeMinor: 2500,
          currency: 'USD',
          graceDays: 5,
        })
      ).status,
    ).toBe(200);
    // 61 days: 20,000 × 12 % × 61 / 365 = 401.10 -> 401, less the 197 charged = 204 (no interest on interest)
    const secondAsOf = addDaysTo(allowed.dueDate, 61);
    const second = await call.post('/v1/collections/late-charge-runs', { asOf: secondAsOf });
    const byInvoice = new Map(
      (second.body.charged as Array<{ invoiceId: string; interestMinor: number; flatFeeMinor: number }>).map(
        (charge) => [charge.invoiceId, charge],
      ),
    );
    expect([...byInvoice.keys()].sort()).toEqual([allowed.invoiceId, noTerms.invoiceId].sort());
    expect(byInvoice.get(allowed.invoiceId)).toMatchObject({ interestMinor: 204, flatFeeMinor: 0 });
    expect(byInvoice.get(noTerms.invoiceId)).toMatchObject({ interestMinor: 0, flatFeeMinor: 2500 });

    const charges = await call.get(`/v1/invoices/${allowed.invoiceId}/late-charges`);
    expect(charges.body.map((charge: { amountMinor: number }) => charge.amountMinor)).toEqual([197, 204]);
    expect((await call.get(`/v1/invoices/${disputed.invoiceId}/late-charges`)).body).toEqual([]);
    expect((await call.get(`/v1/invoices/${paid.invoiceId}/late-charges`)).body).toEqual([]);
    const events = await outbox(call.caller.firmId, 'billing.invoice.late-charged');
    expect(events.map((event) => event.data.amountMinor)).toEqual([197, 204, 2500]);
    const audits = (await outbox(call.caller.firmId, 'audit.')).filter(
      (row) => row.data.action === 'invoice.late-charged',
    );
    expect(audits).toHaveLength(3);
  });

  it('charges an invoice once for a period under twenty concurrent runs', async () => {
    const call = clerk();
    const invoice = await issuedInvoice(call);
    await call.put('/v1/collections/late-charge-terms', {
      matterId: invoice.matterId,
      annualRateBp: 1000,
      flatFeeMinor: 1000,
      currency: 'USD',
      graceDays: 10,
      capBp: 500,
    });
    const asOf = addDaysTo(invoice.dueDate, 40);
    const runs = await Promise.all(
      Array.from({ length: 20 }, () => call.post('/v1/collections/late-charge-runs', { asOf })),
    );
    expect(runs.map((run) => run.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const issued = runs.flatMap((run) => run.body.charged as unknown[]);
    // 30 days after the 10 days' grace: 30,000 × 10 % × 30 / 365 = 246.58 -> 247, plus the 10.00 fee;
    // within the cap of 5 % (1,500)
    expect(issued).toEqual([
      expect.objectContaining({ interestMinor: 247, flatFeeMinor: 1000, amountMinor: 1247 }),
    ]);
    expect((await call.get(`/v1/invoices/${invoice.invoiceId}/late-charges`)).body).toHaveLength(1);
    expect(await outbox(call.caller.firmId, 'billing.invoice.late-charged')).toHaveLength(1);
    // The next month the cap leaves 253 of 1,500
    const next = await call.post('/v1/collections/late-charge-runs', {
      asOf: addDaysTo(invoice.dueDate, 75),
    });
    expect(next.body.charged).toEqual([expect.objectContaining({ amountMinor: 253 })]);
  });

  it('refuses bad input with field errors and another firm with 404, changing nothing', async () => {
    const call = clerk();
    const invoice = await issuedInvoice(call);
    const cases: Array<[unknown, string | undefined]> = [
      [{ graceDays: 0 }, 'annualRateBp'],
      [{ annualRateBp: 0, graceDays: 0 }, 'annualRateBp'],
      [{ annualRateBp: 1.5, graceDays: 0 }, 'annualRateBp'],
      [{ annualRateBp: '1200', graceDays: 0 }, 'annualRateBp'],
      [{ annualRateBp: 1200, graceDays: -1 }, 'graceDays'],
      [{ annualRateBp: 1200, graceDays: null }, 'graceDays'],
      [{ annualRateBp: 1200 }, 'graceDays'],
      [{ flatFeeMinor: 2500, graceDays: 0 }, 'currency'],
      [{ annualRateBp: 1200, currency: 'USD', graceDays: 0 }, 'currency'],
      [{ flatFeeMinor: 2500, currency: 'usd', graceDays: 0 }, 'currency'],
      [{ annualRateBp: 1200, graceDays: 0, capBp: 10001 }, 'capBp'],
      [{ annualRateBp: 1200, graceDays: 0, matterId: 'not\u0000a-uuid' }, 'matterId'],
      [{ annualRateBp: 1200, graceDays: 0, matterId: '\ud800' }, 'matterId'],
      [[], undefined],
    ];
    for (const [body, field] of cases) {
      const response = await call.put('/v1/collections/late-charge-terms', body);
      expectProblem(response, 400, field);
    }
    expect((await call.get('/v1/collections/late-charge-terms')).status).toBe(404);
    expect((await call.get(`/v1/collections/late-charge-terms?matterId=${invoice.matterId}`)).status).toBe(
      404,
    );
    expectProblem(await call.get('/v1/collections/late-charge-terms?matterId=x%00'), 400, 'matterId');
    for (const asOf of ['2026-02-30', null, '\u0000', 20260101])
      expectProblem(await call.post('/v1/collections/late-charge-runs', { asOf }), 400, 'asOf');
    const readOnly = serviceClient(app).as(newCaller({ firmId: call.caller.firmId, roles: ['read-only'] }));
    expect((await readOnly.post('/v1/collections/late-charge-runs', { asOf: '2027-06-01' })).status).toBe(
      403,
    );

    // Another firm: its matter is unknown here, the invoice is 404, and its run charges nothing of ours.
    const other = clerk();
    expectProblem(
      await other.put('/v1/collections/late-charge-terms', {
        matterId: invoice.matterId,
        annualRateBp: 1200,
        graceDays: 0,
      }),
      404,
    );
    await other.put('/v1/collections/late-charge-terms', { annualRateBp: 1200, graceDays: 0 });
    const otherRun = await other.post('/v1/collections/late-charge-runs', {
      asOf: addDaysTo(invoice.dueDate, 30),
    });
    expect(otherRun.body.charged).toEqual([]);
    expect((await other.get(`/v1/invoices/${invoice.invoiceId}/late-charges`)).status).toBe(404);
    expect((await call.get(`/v1/invoices/${invoice.invoiceId}/late-charges`)).body).toEqual([]);
    expect(await outbox(call.caller.firmId, 'billing.invoice.late-charged')).toEqual([]);
  });
});
