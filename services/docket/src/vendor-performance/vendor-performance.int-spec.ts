/**
 * The vendor performance report against real PostgreSQL and Kafka: a QC cycle driven through the API on a
 * fixed clock, with the figures computed by hand; CSV; another firm and a vendor; bad input.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse } from 'csv-parse/sync';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  consentGrantedEvent,
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
import { DocketConfig } from '../config';
import { WorkOrderClock } from '../work-orders/work-order.service';

describe('Docket vendor performance', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let now: Date;

  beforeAll(async () => {
    const config = loadConfig(
      DocketConfig,
      serviceTestEnv('docket', { REMINDER_SWEEP_INTERVAL_MS: '0', WORK_ORDER_SLA_SWEEP_INTERVAL_MS: '0' }),
    );
    app = await bootService('docket', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  beforeEach(() => {
    now = new Date();
    jest.spyOn(app.get(WorkOrderClock), 'now').mockImplementation(() => new Date(now));
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  interface Firm {
    firm: CallerClient;
    firmId: string;
    matterId: string;
  }

  /** A firm with a matter whose client consented to outsourcing document review and drafting to any vendor. */
  async function firmWithConsent(): Promise<Firm> {
    const attorney = newCaller({ roles: ['attorney', 'firm-admin'] });
    const clientId = randomUUID();
    const matterId = await publishMatterAndWait(app, producer, attorney.firmId, { clientId });
    const grant = consentGrantedEvent(attorney.firmId, clientId, ['document-review', 'drafting']);
    await publishEvents(producer, TOPICS.intakeConsent.name, [grant]);
    await eventually(async () => {
      const rows: unknown[] = await withTenant(app.get(DataSource), attorney.firmId, (manager) =>
        manager.query(`SELECT 1 FROM outsourcing_consents WHERE consent_id = $1`, [grant.data.consentId]),
      );
      return rows.length > 0 ? true : undefined;
    });
    return { firm: serviceClient(app).as(attorney), firmId: attorney.firmId, matterId };
  }

  function vendorClient(firmId: string, vendorId: string): CallerClient {
    return serviceClient(app).as(newCaller({ firmId, subject: vendorId, roles: [], actorType: 'vendor' }));
  }

  /** Runs `steps` in order, each at its own time on the fixed clock: [instant, side, action, reasons?]. */
  async function cycle(
    f: Firm,
    vendorId: string,
    workType: 'document-review' | 'drafting',
    slaHours: number,
    steps: Array<[string, 'vendor' | 'firm', string]>,
  ): Promise<string> {
    now = new Date(steps[0]![0]);
    const created = await f.firm.post(`/v1/matters/${f.matterId}/work-orders`, {
      vendorId,
      workType,
      instructions: 'Review the custodian e-mails',
      slaHours,
    });
    expect(created.status).toBe(201);
    const vendor = vendorClient(f.firmId, vendorId);
    for (const [instant, side, action] of steps) {
      now = new Date(instant);
      const client = side === 'vendor' ? vendor : f.firm;
      const moved = await client.post(`/v1/work-orders/${created.body.id}/transitions`, {
        action,
        ...(action === 'return' ? { reasons: ['Missed the privilege log'] } : {}),
      });
      expect({ action, status: moved.status }).toEqual({ action, status: 200 });
    }
    return created.body.id;
  }

  it('reports on-time and rework rates, turnaround percentiles and open work past SLA, by hand', async () => {
    const f = await firmWithConsent();
    const vendorA = randomUUID();
    const vendorB = randomUUID();
    // A, review, 48 h: accepted 2 Mar 09:00, submitted 19:00 (600 min), due 4 Mar 09:00: on time.
    await cycle(f, vendorA, 'document-review', 48, [
      ['2026-03-02T09:00:00Z', 'vendor', 'accept'],
      ['2026-03-02T09:30:00Z', 'vendor', 'start'],
      ['2026-03-02T19:00:00Z', 'vendor', 'submit'],
      ['2026-03-03T08:00:00Z', 'firm', 'approve'],
    ]);
    // A, review, 24 h: accepted 3 Mar 09:00 (due 4 Mar 09:00), returned once, approved submission 4 Mar
    // 10:00: 1,500 min, late, reworked.
    await cycle(f, vendorA, 'document-review', 24, [
      ['2026-03-03T09:00:00Z', 'vendor', 'accept'],
      ['2026-03-03T09:05:00Z', 'vendor', 'start'],
      ['2026-03-03T20:00:00Z', 'vendor', 'submit'],
      ['2026-03-04T07:00:00Z', 'firm', 'return'],
      ['2026-03-04T10:00:00Z', 'vendor', 'submit'],
      ['2026-03-04T11:00:00Z', 'firm', 'approve'],
    ]);
    // A, review, 24 h: accepted 5 Mar 08:00, submitted 6 Mar 07:00 (1,380 min, on time), approved and closed.
    await cycle(f, vendorA, 'document-review', 24, [
      ['2026-03-05T08:00:00Z', 'vendor', 'accept'],
      ['2026-03-05T08:01:00Z', 'vendor', 'start'],
      ['2026-03-06T07:00:00Z', 'vendor', 'submit'],
      ['2026-03-06T09:00:00Z', 'firm', 'approve'],
      ['2026-03-06T09:01:00Z', 'firm', 'close'],
    ]);
    // A, review: approved submission on 1 Apr, after the range: not counted.
    await cycle(f, vendorA, 'document-review', 72, [
      ['2026-03-30T00:00:00Z', 'vendor', 'accept'],
      ['2026-03-30T00:01:00Z', 'vendor', 'start'],
      ['2026-04-01T00:00:00Z', 'vendor', 'submit'],
      ['2026-04-01T02:00:00Z', 'firm', 'approve'],
    ]);
    // A, review: submitted in the range but not approved yet: neither delivered nor owed.
    await cycle(f, vendorA, 'document-review', 24, [
      ['2026-03-12T00:00:00Z', 'vendor', 'accept'],
      ['2026-03-12T00:01:00Z', 'vendor', 'start'],
      ['2026-03-12T05:00:00Z', 'vendor', 'submit'],
    ]);
    // A, review: accepted 10 Mar, due 11 Mar, still in progress: open past SLA at the report's time.
    await cycle(f, vendorA, 'document-review', 24, [
      ['2026-03-10T00:00:00Z', 'vendor', 'accept'],
      ['2026-03-10T00:01:00Z', 'vendor', 'start'],
    ]);
    // A, drafting: returned and not resubmitted, due 20 Mar 12:00: open past SLA (its own row).
    await cycle(f, vendorA, 'drafting', 12, [
      ['2026-03-20T00:00:00Z', 'vendor', 'accept'],
      ['2026-03-20T00:01:00Z', 'vendor', 'start'],
      ['2026-03-20T06:00:00Z', 'vendor', 'submit'],
      ['2026-03-20T07:00:00Z', 'firm', 'return'],
    ]);
    // B, drafting, 2 h: accepted 10 Mar 00:00, submitted 01:30 (90 min), on time.
    await cycle(f, vendorB, 'drafting', 2, [
      ['2026-03-10T00:00:00Z', 'vendor', 'accept'],
      ['2026-03-10T00:01:00Z', 'vendor', 'start'],
      ['2026-03-10T01:30:00Z', 'vendor', 'submit'],
      ['2026-03-10T03:00:00Z', 'firm', 'approve'],
    ]);
    // B, drafting, accepted 31 Mar 23:00, due 1 Apr 01:00, still in progress at 1 Apr 00:30: not yet past SLA.
    await cycle(f, vendorB, 'drafting', 2, [['2026-03-31T23:00:00Z', 'vendor', 'accept']]);

    now = new Date('2026-04-01T00:30:00Z');
    const report = await f.firm.get('/v1/vendor-performance?from=2026-03-01&to=2026-03-31');
    expect(report.status).toBe(200);
    const expected = [
      {
        vendorId: vendorA,
        workType: 'document-review',
        delivered: 3,
        onTime: 2,
        onTimeRate: 0.6667,
        // 600, 1,380, 1,500: median the 2nd, p90 the ceil(2.7) = 3rd
        medianTurnaroundMinutes: 1380,
        p90TurnaroundMinutes: 1500,
        reworked: 1,
        reworkRate: 0.3333,
        openPastSla: 1,
      },
      {
        vendorId: vendorA,
        workType: 'drafting',
        delivered: 0,
        onTime: 0,
        onTimeRate: null,
        medianTurnaroundMinutes: null,
        p90TurnaroundMinutes: null,
        reworked: 0,
        reworkRate: null,
        openPastSla: 1,
      },
      {
        vendorId: vendorB,
        workType: 'drafting',
        delivered: 1,
        onTime: 1,
        onTimeRate: 1,
        medianTurnaroundMinutes: 90,
        p90TurnaroundMinutes: 90,
        reworked: 0,
        reworkRate: 0,
        openPastSla: 0,
      },
    ].sort((a, b) => (a.vendorId < b.vendorId ? -1 : a.vendorId > b.vendorId ? 1 : 0));
    expect(report.body).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      asOf: '2026-04-01T00:30:00.000Z',
      rows: expected,
    });

    // One day more takes in the order approved on 1 Apr (2 days = 2,880 min, on time).
    const longer = await f.firm.get('/v1/vendor-performance?from=2026-03-01&to=2026-04-01');
    const review = longer.body.rows.find(
      (row: { vendorId: string; workType: string }) =>
        row.vendorId === vendorA && row.workType === 'document-review',
    );
    expect(review).toMatchObject({
      delivered: 4,
      onTime: 3,
      onTimeRate: 0.75,
      medianTurnaroundMinutes: 1380,
      p90TurnaroundMinutes: 2880,
    });

    const csv = await f.firm.get('/v1/vendor-performance/report.csv?from=2026-03-01&to=2026-03-31');
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const records: string[][] = parse(csv.text);
    expect(records[0]).toEqual([
      'vendorId',
      'workType',
      'delivered',
      'onTime',
      'onTimeRate',
      'medianTurnaroundMinutes',
      'p90TurnaroundMinutes',
      'reworked',
      'reworkRate',
      'openPastSla',
    ]);
    expect(records.slice(1)).toEqual(
      expected.map((row) => Object.values(row).map((value) => (value === null ? '' : String(value)))),
    );

    // Another firm sees none of it; a vendor may not read the firm's report at all.
    const other = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    const theirs = await other.get('/v1/vendor-performance?from=2026-03-01&to=2026-03-31');
    expect(theirs.status).toBe(200);
    expect(theirs.body.rows).toEqual([]);
    const asVendor = await vendorClient(f.firmId, vendorA).get(
      '/v1/vendor-performance?from=2026-03-01&to=2026-03-31',
    );
    expect(asVendor.status).toBe(403);
  });

  it('refuses a bad range with a field-level problem', async () => {
    const reader = serviceClient(app).as(newCaller({ roles: ['paralegal'] }));
    const cases: Array<[string, string]> = [
      ['to=2026-03-31', 'from'],
      ['from=2026-03-01', 'to'],
      ['from=2026-02-30&to=2026-03-31', 'from'],
      ['from=2026-03-01&to=2026-02-28', 'to'],
      ['from=2026-01-01&to=2027-01-03', 'to'],
      ['from=2026-03-01%00&to=2026-03-31', 'from'],
      ['from=2026-03-01&to=2026-03-31&vendorId=x', 'vendorId'],
    ];
    for (const [query, field] of cases) {
      for (const path of ['/v1/vendor-performance', '/v1/vendor-performance/report.csv']) {
        const refused = await reader.get(`${path}?${query}`);
        expect({ query, path, status: refused.status }).toEqual({ query, path, status: 400 });
        expect(String(refused.headers['content-type'])).toContain('application/problem+json');
        expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
    }
  });
});
