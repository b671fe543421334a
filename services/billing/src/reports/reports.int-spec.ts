/**
 * Billing reports against real PostgreSQL and the broker, on fixed work dates and rates with figures worked
 * out by hand: WIP per matter and timekeeper, unbilled aging, realization and collection rate, as JSON and
 * CSV; another firm sees none of it; bad query input is a 400 problem+json naming the field.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createEnvelope, ExpenseApprovedV1, TOPICS } from '@lawfirm/contracts';
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

type Row = Record<string, unknown>;

describe('Billing reports', () => {
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

  function expenseEvent(firmId: string, matterId: string, amountMinor: number, currency: string) {
    const expenseId = randomUUID();
    return createEnvelope({
      type: ExpenseApprovedV1.type,
      firmId,
      aggregateId: expenseId,
      actor: { type: 'user', id: 'approver' },
      correlationId: randomUUID(),
      data: {
        expenseId,
        matterId,
        timekeeperId: 'tk-a',
        expenseDate: '2026-11-12',
        expenseCode: 'E112',
        description: 'Court filing fee',
        amountMinor,
        currency,
        billable: true,
        outsourced: false,
        approvedAt: new Date().toISOString(),
        approvedBy: 'approver',
      },
    });
  }

  async function rate(call: CallerClient, fields: Record<string, unknown>): Promise<void> {
    const response = await call.post('/v1/rate-rules', {
      currency: 'USD',
      effectiveFrom: '2026-01-01',
      ...fields,
    });
    expect(response.status).toBe(201);
  }

  /**
   * Default rates: tk-a 200.00/h; tk-b 100.00/h, 120.00/h from 2026-10-01; tk-c none. Matter one bills at
   * 250.00/h (a matter rule), so billed and standard values differ.
   */
  async function fixedFirm(): Promise<{
    call: CallerClient;
    clientOne: string;
    matterOne: string;
    matterTwo: string;
  }> {
    const call = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    const firmId = call.caller.firmId;
    const clientOne = randomUUID();
    const matterOne = await publishMatterAndWait(app, producer, firmId, { clientId: clientOne });
    const matterTwo = await publishMatterAndWait(app, producer, firmId, { clientId: randomUUID() });
    await rate(call, { scope: 'timekeeper', timekeeperId: 'tk-a', rateMinor: 20000 });
    await rate(call, { scope: 'timekeeper', timekeeperId: 'tk-b', rateMinor: 10000 });
    await rate(call, {
      scope: 'timekeeper',
      timekeeperId: 'tk-b',
      rateMinor: 12000,
      effectiveFrom: '2026-10-01',
    });
    await rate(call, { scope: 'matter', matterId: matterOne, rateMinor: 25000 });
    const time = (matterId: string, timekeeperId: string, workDate: string, minutes: number) =>
      approvedTimeEntryEvent(firmId, matterId, { timekeeperId, workDate, minutes });
    await publishEvents(producer, TOPICS.timeEntry.name, [
      time(matterOne, 'tk-a', '2026-09-15', 60), // 10 tenths; standard 20000
      time(matterOne, 'tk-a', '2026-10-10', 30), // 5 tenths; standard 10000
      time(matterOne, 'tk-b', '2026-09-20', 90), // 15 tenths; standard 15000 (100.00/h)
      time(matterOne, 'tk-b', '2026-10-05', 45), // 8 tenths; standard 9000 (120.00/h)
      time(matterTwo, 'tk-c', '2026-06-01', 120), // 20 tenths; no default rate: unpriced
      time(matterTwo, 'tk-b', '2026-12-20', 60), // 10 tenths; standard 12000
    ]);
    await publishEvents(producer, TOPICS.expense.name, [
      expenseEvent(firmId, matterOne, 4000, 'USD'),
      expenseEvent(firmId, matterOne, 9900, 'EUR'),
    ]);
    await eventually(async () => {
      const one = (await call.get(`/v1/matters/${matterOne}/wip`)).body;
      const two = (await call.get(`/v1/matters/${matterTwo}/wip`)).body;
      return one.entryCount === 4 && one.expenses?.length === 2 && two.entryCount === 2 ? true : undefined;
    });
    return { call, clientOne, matterOne, matterTwo };
  }

  it('reports WIP per matter and timekeeper and its age on a fixed date, as JSON and CSV', async () => {
    const { call, matterOne, matterTwo } = await fixedFirm();
    const byMatter = await call.get('/v1/billing-reports/wip?asOf=2026-12-31&currency=USD&groupBy=matter');
    expect(byMatter.status).toBe(200);
    const sortedBy = (key: string) => (a: Row, b: Row) => String(a[key]).localeCompare(String(b[key]));
    expect([...byMatter.body.rows].sort(sortedBy('matterId'))).toEqual(
      [
        {
          matterId: matterOne,
          timekeeperId: null,
          entryCount: 4,
          minutes: 225,
          billedTenths: 38,
          standardValueMinor: 54000,
          unpricedMinutes: 0,
          expenseCount: 1,
          expensesMinor: 4000,
          oldestWorkDate: '2026-09-15',
        },
        {
          matterId: matterTwo,
          timekeeperId: null,
          entryCount: 2,
          minutes: 180,
          billedTenths: 30,
          standardValueMinor: 12000,
          unpricedMinutes: 120,
          expenseCount: 0,
          expensesMinor: 0,
          oldestWorkDate: '2026-06-01',
        },
      ].sort(sortedBy('matterId')),
    );
    const byKeeper = await call.get(
      '/v1/billing-reports/wip?asOf=2026-12-31&currency=USD&groupBy=timekeeper',
    );
    expect(
      byKeeper.body.rows.map((row: Row) => [
        row.timekeeperId,
        row.entryCount,
        row.minutes,
        row.standardValueMinor,
        row.unpricedMinutes,
        row.expensesMinor,
      ]),
    ).toEqual([
      ['tk-a', 2, 90, 30000, 0, 4000],
      ['tk-b', 3, 195, 36000, 0, 0],
      ['tk-c', 1, 120, 0, 120, 0],
    ]);
    // Before the December entry was worked, and in euros (the time has no default rate in EUR).
    const earlier = await call.get('/v1/billing-reports/wip?asOf=2026-12-01&currency=EUR&groupBy=timekeeper');
    expect(
      earlier.body.rows.map((row: Row) => [
        row.timekeeperId,
        row.minutes,
        row.unpricedMinutes,
        row.expensesMinor,
      ]),
    ).toEqual([
      ['tk-a', 90, 90, 9900],
      ['tk-b', 135, 135, 0],
      ['tk-c', 120, 120, 0],
    ]);

    // Ages on 2026-12-31: 09-15 (107 days) and 09-20 (102) are 91-180; 10-05 (87) and 10-10 (82) 61-90;
    // the 11-12 expense (49) 31-60; 12-20 (11) 0-30; 06-01 (213) over 180 but unpriced.
    const aging = await call.get('/v1/billing-reports/unbilled-aging?asOf=2026-12-31&currency=USD');
    expect(aging.status).toBe(200);
    expect(aging.body.rows).toEqual([
      {
        matterId: null,
        timekeeperId: null,
        days0To30Minor: 12000,
        days31To60Minor: 4000,
        days61To90Minor: 19000,
        days91To180Minor: 35000,
        over180Minor: 0,
        totalMinor: 70000,
        minutes: 405,
        unpricedMinutes: 120,
      },
    ]);
    const agingCsv = await call.get(
      '/v1/billing-reports/unbilled-aging?asOf=2026-12-31&currency=USD&groupBy=timekeeper',
      {
        headers: { accept: 'text/csv' },
      },
    );
    expect(agingCsv.status).toBe(200);
    expect(String(agingCsv.headers['content-type'])).toContain('text/csv');
    expect(agingCsv.text.trim().split('\n')).toEqual([
      'as_of,currency,matter_id,timekeeper_id,days_0_30_minor,days_31_60_minor,days_61_90_minor,days_91_180_minor,over_180_minor,total_minor,minutes,unpriced_minutes',
      '2026-12-31,USD,,tk-a,0,4000,10000,20000,0,34000,90,0',
      '2026-12-31,USD,,tk-b,12000,0,9000,15000,0,36000,195,0',
      '2026-12-31,USD,,tk-c,0,0,0,0,0,0,120,120',
    ]);
    const wipCsv = await call.get(
      `/v1/billing-reports/wip?asOf=2026-12-31&currency=USD&groupBy=matter&format=csv`,
    );
    expect(wipCsv.text).toContain(`2026-12-31,USD,${matterOne},,4,225,38,54000,0,1,4000,2026-09-15`);

    const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    expect((await stranger.get('/v1/billing-reports/wip?asOf=2026-12-31&currency=USD')).body.rows).toEqual(
      [],
    );
    expect(
      (await stranger.get('/v1/billing-reports/unbilled-aging?asOf=2026-12-31&currency=USD')).body.rows,
    ).toEqual([]);
  });

  it('reports realization and collection rate per timekeeper and client over the issue period', async () => {
    const { call, clientOne, matterOne } = await fixedFirm();
    const bill = await call.post('/v1/pre-bills', {
      matterId: matterOne,
      periodEnd: '2026-11-30',
      currency: 'USD',
    });
    expect(bill.status).toBe(201);
    // Time at 250.00/h: tk-a 25000 + 12500, tk-b 37500 + 20000; the USD expense at cost 4000.
    const issued = await call.post(`/v1/pre-bills/${bill.body.id}/issue`);
    expect([issued.status, issued.body.totals.totalMinor]).toEqual([200, 99000]);
    const today = (issued.body.issuedAt as string).slice(0, 10);
    const paid = await call.post('/v1/payments', {
      clientId: clientOne,
      amountMinor: 40000,
      currency: 'USD',
      receivedOn: today,
      method: 'wire',
      payer: 'Client One',
    });
    expect(paid.status).toBe(201);

    const period = `from=${today}&to=${today}&currency=USD`;
    const byKeeper = await call.get(`/v1/billing-reports/realization?${period}`);
    expect(byKeeper.status).toBe(200);
    expect(byKeeper.body.rows).toEqual([
      // 37500 ÷ 30000
      {
        timekeeperId: 'tk-a',
        clientId: null,
        billedMinor: 37500,
        standardValueMinor: 30000,
        realization: 1.25,
        minutes: 90,
        unpricedLineCount: 0,
      },
      // 57500 ÷ 24000 = 2.395833…
      {
        timekeeperId: 'tk-b',
        clientId: null,
        billedMinor: 57500,
        standardValueMinor: 24000,
        realization: 2.3958,
        minutes: 135,
        unpricedLineCount: 0,
      },
    ]);
    const byClient = await call.get(`/v1/billing-reports/realization?${period}&groupBy=client`);
    // 95000 ÷ 54000 = 1.759259…
    expect(byClient.body.rows).toEqual([
      {
        timekeeperId: null,
        clientId: clientOne,
        billedMinor: 95000,
        standardValueMinor: 54000,
        realization: 1.7593,
        minutes: 225,
        unpricedLineCount: 0,
      },
    ]);

    // 40000 paid on a 99000 invoice: tk-a 37500 × 40000 ÷ 99000 = 15151.5 → 15152; tk-b 23232.3 → 23232.
    const collection = await call.get(`/v1/billing-reports/collection-rate?${period}`);
    expect(collection.status).toBe(200);
    expect(collection.body.rows).toEqual([
      {
        timekeeperId: 'tk-a',
        clientId: null,
        billedMinor: 37500,
        collectedMinor: 15152,
        collectionRate: 0.4041,
        invoiceCount: 1,
      },
      {
        timekeeperId: 'tk-b',
        clientId: null,
        billedMinor: 57500,
        collectedMinor: 23232,
        collectionRate: 0.404,
        invoiceCount: 1,
      },
    ]);
    const collectionCsv = await call.get(
      `/v1/billing-reports/collection-rate?${period}&groupBy=client&format=csv`,
    );
    expect(String(collectionCsv.headers['content-type'])).toContain('text/csv');
    expect(collectionCsv.text.trim().split('\n')).toEqual([
      'from,to,currency,timekeeper_id,client_id,billed_minor,collected_minor,collection_rate,invoice_count',
      `${today},${today},USD,,${clientOne},99000,40000,0.4040,1`,
    ]);
    // Nothing was issued in another period or currency; another firm sees nothing.
    expect(
      (await call.get('/v1/billing-reports/realization?from=2026-01-01&to=2026-01-31&currency=USD')).body
        .rows,
    ).toEqual([]);
    expect(
      (await call.get(`/v1/billing-reports/collection-rate?from=${today}&to=${today}&currency=EUR`)).body
        .rows,
    ).toEqual([]);
    const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    expect((await stranger.get(`/v1/billing-reports/realization?${period}`)).body.rows).toEqual([]);
    expect(
      (await stranger.get(`/v1/billing-reports/collection-rate?${period}&groupBy=client`)).body.rows,
    ).toEqual([]);
  });

  it('refuses bad query input with a 400 problem+json naming the field, and other roles with 403', async () => {
    const call = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    for (const [path, field] of [
      ['wip?asOf=2026-12-31', 'currency'],
      ['wip?currency=usd', 'currency'],
      ['wip?currency=USD&currency=EUR', 'currency'],
      ['wip?currency=US%00D', 'currency'],
      ['wip?currency=USD&groupBy=client', 'groupBy'],
      ['wip?currency=USD&asOf=2026-02-30', 'asOf'],
      ['wip?currency=USD&format=xml', 'format'],
      ['unbilled-aging?currency=USD', 'asOf'],
      ['unbilled-aging?asOf=2026-12-31&currency=USD&groupBy=client', 'groupBy'],
      ['realization?to=2026-12-31&currency=USD', 'from'],
      ['realization?from=2026-12-31&to=2026-01-01&currency=USD', 'to'],
      ['realization?from=2026-01-01&to=2026-12-31&currency=USD&groupBy=matter', 'groupBy'],
      ['collection-rate?from=2026-01-01&to=2026-12-31', 'currency'],
      ['collection-rate?from=2026-01-01&to=%ED%A0%80&currency=USD', 'to'],
    ] as const) {
      const response = await call.get(`/v1/billing-reports/${path}`);
      expect([path, response.status]).toEqual([path, 400]);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    const attorney = serviceClient(app).as(newCaller({ roles: ['attorney'] }));
    expect((await attorney.get('/v1/billing-reports/wip?currency=USD')).status).toBe(403);
  });
});
