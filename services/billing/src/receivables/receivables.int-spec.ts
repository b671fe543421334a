/**
 * Receivables aging against real PostgreSQL and the broker: due dates from the matter's payment terms (30
 * days by default), open amounts after payments, buckets per client, matter and firm on fixed as-of dates,
 * the CSV, firm isolation and bad input.
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
import { addDays } from './aging.rules';

describe('Receivables aging', () => {
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

  /** An issued invoice for `minutes` at 300.00 an hour on a new matter of the client, with its terms. */
  async function issuedInvoice(
    call: CallerClient,
    clientId: string,
    minutes: number,
    paymentTermsDays?: number,
  ): Promise<{ invoiceId: string; matterId: string; issuedOn: string; dueDate: string }> {
    const matterId = await publishMatterAndWait(app, producer, call.caller.firmId, { clientId });
    if (paymentTermsDays !== undefined)
      expect(
        (await call.put(`/v1/matters/${matterId}/billing-terms`, { currency: 'USD', paymentTermsDays })).body,
      ).toMatchObject({ paymentTermsDays });
    await call.post('/v1/rate-rules', {
      scope: 'matter',
      matterId,
      rateMinor: 30000,
      currency: 'USD',
      effectiveFrom: '2026-01-01',
    });
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
    const issued = await call.post(`/v1/pre-bills/${bill.body.id}/issue`);
    expect(issued.status).toBe(200);
    const issuedOn = (issued.body.issuedAt as string).slice(0, 10);
    const account = (await call.get(`/v1/invoices/${issued.body.id}/account`)).body;
    return { invoiceId: issued.body.id, matterId, issuedOn, dueDate: account.dueDate };
  }

  const buckets = (row: Record<string, unknown>) => [
    row.currentMinor,
    row.days1To30Minor,
    row.days31To60Minor,
    row.days61To90Minor,
    row.over90Minor,
    row.totalMinor,
    row.invoiceCount,
  ];

  it('ages open amounts by days past due per client, matter and firm on fixed dates, as JSON and CSV', async () => {
    const call = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    const clientA = randomUUID();
    const clientB = randomUUID();
    const dueOnIssue = await issuedInvoice(call, clientA, 60, 0); // 30000, due the day it is issued
    const net45 = await issuedInvoice(call, clientA, 30, 45); // 15000
    const standard = await issuedInvoice(call, clientB, 30); // 15000, default terms
    const today = dueOnIssue.issuedOn;
    expect(dueOnIssue.dueDate).toBe(today);
    expect(net45.dueDate).toBe(addDays(today, 45));
    expect(standard.dueDate).toBe(addDays(today, 30));
    expect(
      (
        await call.post('/v1/payments', {
          clientId: clientA,
          amountMinor: 5000,
          currency: 'USD',
          receivedOn: today,
          method: 'wire',
          payer: 'Client A',
          allocations: [{ invoiceId: net45.invoiceId }],
        })
      ).status,
    ).toBe(201);

    const asOf40 = addDays(today, 40);
    const byClient = await call.get(`/v1/receivables/aging?asOf=${asOf40}&groupBy=client`);
    expect(byClient.status).toBe(200);
    const rowOf = (rows: Array<Record<string, unknown>>, key: string, value: string) =>
      rows.find((row) => row[key] === value) as Record<string, unknown>;
    expect(byClient.body.rows).toHaveLength(2);
    expect(buckets(rowOf(byClient.body.rows, 'clientId', clientA))).toEqual([
      10000, 0, 30000, 0, 0, 40000, 2,
    ]);
    expect(buckets(rowOf(byClient.body.rows, 'clientId', clientB))).toEqual([0, 15000, 0, 0, 0, 15000, 1]);

    const byMatter = (await call.get(`/v1/receivables/aging?asOf=${asOf40}&groupBy=matter`)).body.rows;
    expect(byMatter).toHaveLength(3);
    expect(buckets(rowOf(byMatter, 'matterId', dueOnIssue.matterId))).toEqual([0, 0, 30000, 0, 0, 30000, 1]);
    expect(buckets(rowOf(byMatter, 'matterId', net45.matterId))).toEqual([10000, 0, 0, 0, 0, 10000, 1]);

    const firm = (await call.get(`/v1/receivables/aging?asOf=${asOf40}&groupBy=firm`)).body.rows;
    expect(firm.map(buckets)).toEqual([[10000, 15000, 30000, 0, 0, 55000, 3]]);
    const late = (await call.get(`/v1/receivables/aging?asOf=${addDays(today, 100)}&groupBy=firm`)).body.rows;
    expect(late.map(buckets)).toEqual([[0, 0, 10000, 15000, 30000, 55000, 3]]);
    // Before the invoices were issued there was nothing to collect.
    expect(
      (await call.get(`/v1/receivables/aging?asOf=${addDays(today, -1)}&groupBy=firm`)).body.rows,
    ).toEqual([]);
    const onlyA = (await call.get(`/v1/receivables/aging?asOf=${asOf40}&clientId=${clientA}`)).body.rows;
    expect(onlyA.map((row: Record<string, unknown>) => row.clientId)).toEqual([clientA]);

    const csv = await call.get(`/v1/receivables/aging.csv?asOf=${asOf40}&groupBy=firm`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(csv.text.trim().split('\n')).toEqual([
      'as_of,client_id,matter_id,currency,current_minor,days_1_30_minor,days_31_60_minor,days_61_90_minor,over_90_minor,total_minor,invoice_count',
      `${asOf40},,,USD,10000,15000,30000,0,0,55000,3`,
    ]);

    const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    expect((await stranger.get(`/v1/receivables/aging?asOf=${asOf40}&groupBy=firm`)).body.rows).toEqual([]);
  });

  it('refuses a missing or impossible as-of date and an unknown grouping with 400 problem+json', async () => {
    const call = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    for (const [query, field] of [
      ['', 'asOf'],
      ['?asOf=2026-02-30', 'asOf'],
      ['?asOf=2026-12-01%00', 'asOf'],
      ['?asOf=2026-12-01&groupBy=partner', 'groupBy'],
      ['?asOf=2026-12-01&clientId=acme', 'clientId'],
    ] as const) {
      const response = await call.get(`/v1/receivables/aging${query}`);
      expect([response.status, field]).toEqual([400, field]);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    expect(
      (
        await call.put(`/v1/matters/${randomUUID()}/billing-terms`, {
          currency: 'USD',
          paymentTermsDays: 400,
        })
      ).status,
    ).toBe(400);
  });
});
