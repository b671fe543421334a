/**
 * Payment reminders against real PostgreSQL and the broker: a firm's schedule, sweeps on fixed dates
 * publishing `billing.reminder.due` once per invoice and step (also under two concurrent sweeps), nothing
 * for paid, disputed, written-off or voided invoices, bad input and firm isolation.
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
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';
import { addDaysTo } from './reminder.rules';

describe('Payment reminders', () => {
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

  async function reminderEvents(firmId: string): Promise<Array<Record<string, unknown>>> {
    const rows: Array<{ data: Record<string, unknown> }> = await withTenant(
      app.get(DataSource),
      firmId,
      (manager) =>
        manager.query(
          `SELECT envelope->'data' AS data FROM outbox WHERE envelope->>'type' = 'billing.reminder.due'
         ORDER BY created_at, id`,
        ),
    );
    return rows.map((row) => row.data);
  }

  const sweep = (call: CallerClient, asOf: string) => call.post('/v1/collections/reminder-sweeps', { asOf });

  it('sends each step once on fixed dates, the latest when late, with what a template needs', async () => {
    const call = clerk();
    expect((await call.get('/v1/collections/reminder-schedule')).status).toBe(404);
    const schedule = await call.put('/v1/collections/reminder-schedule', {
      offsetsDays: [30, -7, 0, 15],
      paymentInstructions: 'Wire to IBAN DE00 1234, reference the invoice number',
    });
    expect(schedule.status).toBe(200);
    expect(schedule.body).toMatchObject({ offsetsDays: [-7, 0, 15, 30] });
    const { invoiceId, clientId, dueDate } = await issuedInvoice(call);

    expect((await sweep(call, addDaysTo(dueDate, -8))).body.sent).toEqual([]);
    const first = await sweep(call, addDaysTo(dueDate, -7));
    expect(first.status).toBe(200);
    expect(first.body.sent).toEqual([
      expect.objectContaining({
        invoiceId,
        offsetDays: -7,
        reminderDate: addDaysTo(dueDate, -7),
        daysOverdue: 0,
      }),
    ]);
    expect((await sweep(call, addDaysTo(dueDate, -7))).body.sent).toEqual([]);
    expect((await sweep(call, addDaysTo(dueDate, -1))).body.sent).toEqual([]);
    // The sweep ran late: only +15 goes out, the due-date step is not sent after the fact.
    const late = await sweep(call, addDaysTo(dueDate, 20));
    expect(late.body.sent).toEqual([
      expect.objectContaining({ offsetDays: 15, daysOverdue: 20, openMinor: 30000 }),
    ]);

    const events = await reminderEvents(call.caller.firmId);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      invoiceId,
      clientId,
      offsetDays: 15,
      reminderDate: addDaysTo(dueDate, 15),
      dueDate,
      daysOverdue: 20,
      totalMinor: 30000,
      paidMinor: 0,
      openMinor: 30000,
      currency: 'USD',
      collectionStatus: 'none',
      paymentInstructions: 'Wire to IBAN DE00 1234, reference the invoice number',
      asOf: addDaysTo(dueDate, 20),
    });
    expect(typeof events[1]?.invoiceNumber).toBe('string');
    expect((await call.get(`/v1/invoices/${invoiceId}/reminders`)).body).toEqual([
      expect.objectContaining({ offsetDays: -7, sweptAsOf: addDaysTo(dueDate, -7) }),
      expect.objectContaining({ offsetDays: 15, sweptAsOf: addDaysTo(dueDate, 20) }),
    ]);
  });

  it('sends a step exactly once when two sweeps run at the same time', async () => {
    const call = clerk();
    await call.put('/v1/collections/reminder-schedule', { offsetsDays: [0, 30] });
    const invoices = await Promise.all([issuedInvoice(call), issuedInvoice(call), issuedInvoice(call)]);
    const asOf = addDaysTo(invoices[0]!.dueDate, 31);
    const [one, two] = await Promise.all([sweep(call, asOf), sweep(call, asOf)]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body.sent.length + two.body.sent.length).toBe(3);
    const events = await reminderEvents(call.caller.firmId);
    expect(events.map((event) => `${String(event.invoiceId)}:${String(event.offsetDays)}`).sort()).toEqual(
      invoices.map((invoice) => `${invoice.invoiceId}:30`).sort(),
    );
  });

  it('sends nothing for paid, disputed, written-off or voided invoices, and keeps to the firm', async () => {
    const call = clerk();
    await call.put('/v1/collections/reminder-schedule', { offsetsDays: [0] });
    const paid = await issuedInvoice(call);
    const disputed = await issuedInvoice(call);
    const writtenOff = await issuedInvoice(call);
    const voided = await issuedInvoice(call);
    const chased = await issuedInvoice(call);
    expect(
      (
        await call.post('/v1/payments', {
          clientId: paid.clientId,
          amountMinor: 30000,
          currency: 'USD',
          receivedOn: new Date().toISOString().slice(0, 10),
          method: 'wire',
          payer: 'Client',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call.post(`/v1/invoices/${disputed.invoiceId}/collection-status`, {
          status: 'disputed',
          disputeReason: 'Rate',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call.post(`/v1/invoices/${writtenOff.invoiceId}/collection-status`, {
          status: 'written-off',
          note: 'Gone',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call.post(`/v1/invoices/${voided.invoiceId}/void`, { reason: 'Wrong client' })).status,
    ).toBe(201);

    // Another firm's sweep on the same day sends nothing of this firm's.
    const other = clerk();
    await other.put('/v1/collections/reminder-schedule', { offsetsDays: [0] });
    expect((await sweep(other, chased.dueDate)).body.sent).toEqual([]);
    expect((await other.get(`/v1/invoices/${chased.invoiceId}/reminders`)).status).toBe(404);

    const result = await sweep(call, chased.dueDate);
    expect(result.body.sent.map((sent: { invoiceId: string }) => sent.invoiceId)).toEqual([chased.invoiceId]);
  });

  it('refuses a bad schedule or sweep with field errors and keeps the schedule', async () => {
    const call = clerk();
    await call.put('/v1/collections/reminder-schedule', { offsetsDays: [0] });
    for (const body of [
      { offsetsDays: [] },
      { offsetsDays: [0, 0] },
      { offsetsDays: [1.5] },
      { offsetsDays: [-91] },
      { offsetsDays: [366] },
      { offsetsDays: ['7'] },
      { offsetsDays: null },
      { offsetsDays: [0], paymentInstructions: '' },
      { offsetsDays: [0], paymentInstructions: 'bad\u0000text' },
      { offsetsDays: [0], extra: true },
    ]) {
      const refused = await call.put('/v1/collections/reminder-schedule', body);
      expect(refused.status).toBe(400);
      expect(String(refused.headers['content-type'])).toContain('application/problem+json');
    }
    for (const asOf of ['2026-02-30', 'tomorrow', null]) {
      const refused = await sweep(call, asOf as string);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
    }
    expect((await call.get('/v1/collections/reminder-schedule')).body).toMatchObject({ offsetsDays: [0] });
  });
});
