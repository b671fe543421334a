/** Vendor work orders against real PostgreSQL and Kafka: consent, the QC cycle, vendors' scope, races, SLA. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS, type OutsourcingScope } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  consentGrantedEvent,
  consentRevokedEvent,
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
import { DocketConfig } from '../config';

describe('Docket work orders', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(DocketConfig, serviceTestEnv('docket', { REMINDER_SWEEP_INTERVAL_MS: '0' }));
    app = await bootService('docket', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  interface Setup {
    firm: CallerClient;
    vendor: CallerClient;
    vendorId: string;
    matterId: string;
    clientId: string;
    consentId: string;
  }

  /** A firm, a matter of a client who consented to `scopes` of outsourced work, and a vendor organisation. */
  async function setup(scopes: OutsourcingScope[] = ['document-review']): Promise<Setup> {
    const attorney = newCaller({ roles: ['attorney', 'firm-admin'] });
    const vendorId = randomUUID();
    const clientId = randomUUID();
    const matterId = await publishMatterAndWait(app, producer, attorney.firmId, { clientId });
    const grant = consentGrantedEvent(attorney.firmId, clientId, scopes);
    await publishEvents(producer, TOPICS.intakeConsent.name, [grant]);
    await consentRow(attorney.firmId, grant.data.consentId, (row) => row !== undefined);
    return {
      firm: serviceClient(app).as(attorney),
      vendor: serviceClient(app).as(
        newCaller({ firmId: attorney.firmId, subject: vendorId, roles: [], actorType: 'vendor' }),
      ),
      vendorId,
      matterId,
      clientId,
      consentId: grant.data.consentId,
    };
  }

  async function consentRow(
    firmId: string,
    consentId: string,
    ready: (row: { revoked: boolean } | undefined) => boolean,
  ): Promise<void> {
    await eventually(async () => {
      const rows: Array<{ revoked: boolean }> = await withTenant(app.get(DataSource), firmId, (manager) =>
        manager.query(
          `SELECT revoked_at IS NOT NULL AS revoked FROM outsourcing_consents WHERE consent_id = $1`,
          [consentId],
        ),
      );
      return ready(rows[0]) ? true : undefined;
    });
  }

  function outboxOf(firmId: string): Promise<Array<{ type: string; action: string | null; status: string }>> {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data'->>'action' AS action,
                envelope->'data'->>'status' AS status
           FROM outbox WHERE topic = $1 ORDER BY created_at, id`,
        [TOPICS.workOrder.name],
      ),
    );
  }

  function expectProblem(response: TestResponse, status: number, codeOrField?: string): void {
    expect(response.status).toBe(status);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    if (codeOrField && status === 400)
      expect(response.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: codeOrField })]),
      );
    else if (codeOrField) expect(response.body.code).toBe(codeOrField);
  }

  async function assign(s: Setup, body: Record<string, unknown> = {}): Promise<string> {
    const created = await s.firm.post(`/v1/matters/${s.matterId}/work-orders`, {
      vendorId: s.vendorId,
      workType: 'document-review',
      instructions: 'First-level privilege review of the custodian e-mails',
      slaHours: 48,
      ...body,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('walks the QC cycle with the vendor and the firm each taking their own steps', async () => {
    const s = await setup();
    const documentId = randomUUID();
    const id = await assign(s, { documentIds: [documentId] });
    const assigned = await s.vendor.get(`/v1/work-orders/${id}`);
    expect(assigned.body).toMatchObject({ status: 'assigned', dueAt: null, documentIds: [documentId] });

    expectProblem(await s.firm.post(`/v1/work-orders/${id}/transitions`, { action: 'accept' }), 403);
    const accepted = await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action: 'accept' });
    expect(accepted.status).toBe(200);
    expect(Date.parse(accepted.body.dueAt) - Date.parse(accepted.body.acceptedAt)).toBe(48 * 3_600_000);

    for (const action of ['start', 'submit'])
      expect((await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action })).status).toBe(200);
    expectProblem(await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action: 'approve' }), 403);
    const returned = await s.firm.post(`/v1/work-orders/${id}/transitions`, {
      action: 'return',
      reasons: ['Missed the attachments of March', 'Privilege calls not explained'],
    });
    expect(returned.body).toMatchObject({ status: 'returned', returnCount: 1 });
    expect(returned.body.returnReasons).toHaveLength(2);
    expectProblem(
      await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action: 'start' }),
      409,
      'work_order_transition_not_allowed',
    );
    await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action: 'submit' });
    await s.firm.post(`/v1/work-orders/${id}/transitions`, { action: 'approve' });
    const closed = await s.firm.post(`/v1/work-orders/${id}/transitions`, { action: 'close' });
    expect(closed.body).toMatchObject({ status: 'closed', suspended: false });
    expectProblem(await s.firm.post(`/v1/work-orders/${id}/transitions`, { action: 'cancel' }), 409);

    expect((await outboxOf(s.firm.caller.firmId)).map((row) => row.action)).toEqual([
      'assign',
      'accept',
      'start',
      'submit',
      'return',
      'submit',
      'approve',
      'close',
    ]);
    const listed = await s.firm.get(`/v1/matters/${s.matterId}/work-orders`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it("assigns only what the client's consent covers: the kind of work and the vendor", async () => {
    const s = await setup(['research']);
    const base = { vendorId: s.vendorId, instructions: 'Review', slaHours: 24 };
    expectProblem(
      await s.firm.post(`/v1/matters/${s.matterId}/work-orders`, { ...base, workType: 'document-review' }),
      422,
      'outsourcing_consent_missing',
    );
    const onlyOther = consentGrantedEvent(s.firm.caller.firmId, s.clientId, ['drafting'], [randomUUID()]);
    await publishEvents(producer, TOPICS.intakeConsent.name, [onlyOther]);
    await consentRow(s.firm.caller.firmId, onlyOther.data.consentId, (row) => row !== undefined);
    expectProblem(
      await s.firm.post(`/v1/matters/${s.matterId}/work-orders`, { ...base, workType: 'drafting' }),
      422,
      'outsourcing_consent_missing',
    );
    const research = await s.firm.post(`/v1/matters/${s.matterId}/work-orders`, {
      ...base,
      workType: 'research',
    });
    expect(research.status).toBe(201);
  });

  it('keeps each firm and each vendor to its own orders', async () => {
    const s = await setup();
    const id = await assign(s);
    const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    expectProblem(await stranger.get(`/v1/work-orders/${id}`), 404);
    expectProblem(await stranger.post(`/v1/work-orders/${id}/transitions`, { action: 'cancel' }), 404);
    expectProblem(await stranger.get(`/v1/matters/${s.matterId}/work-orders`), 404);
    const otherVendor = serviceClient(app).as(
      newCaller({ firmId: s.firm.caller.firmId, subject: randomUUID(), roles: [], actorType: 'vendor' }),
    );
    expectProblem(await otherVendor.get(`/v1/work-orders/${id}`), 404);
    expectProblem(await otherVendor.post(`/v1/work-orders/${id}/transitions`, { action: 'accept' }), 404);
    // The same vendor organisation's token for another firm reaches nothing of this firm's.
    const vendorElsewhere = serviceClient(app).as(
      newCaller({ subject: s.vendorId, roles: [], actorType: 'vendor' }),
    );
    expectProblem(await vendorElsewhere.get(`/v1/work-orders/${id}`), 404);
    expectProblem(await s.vendor.get(`/v1/matters/${s.matterId}/work-orders`), 403);
    expectProblem(await s.vendor.post(`/v1/matters/${s.matterId}/work-orders`, {}), 403);
    // Nothing firm-wide is open to a vendor, even routes that need no firm role: its deadlines, court
    // events, tasks, or a calendar feed of the whole firm's docket.
    for (const refused of [
      await s.vendor.get(`/v1/matters/${s.matterId}/deadlines`),
      await s.vendor.get(`/v1/matters/${s.matterId}/court-events`),
      await s.vendor.get(`/v1/matters/${s.matterId}/tasks`),
      await s.vendor.post('/v1/calendar-feeds', { scope: 'user' }),
      await s.vendor.get('/v1/calendar-feeds'),
    ]) {
      expectProblem(refused, 403);
      expect(refused.body.code).toBe('vendor_not_permitted');
    }
    const readOnly = serviceClient(app).as(newCaller({ firmId: s.firm.caller.firmId, roles: ['read-only'] }));
    expectProblem(await readOnly.post(`/v1/work-orders/${id}/transitions`, { action: 'cancel' }), 403);
    expect((await s.vendor.get(`/v1/work-orders/${id}`)).body.status).toBe('assigned');
  });

  it('suspends open orders when the consent is revoked: vendor steps answer 409, the firm may still cancel', async () => {
    const s = await setup();
    const id = await assign(s);
    await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action: 'accept' });
    const cancelledEarlier = await assign(s);
    await s.firm.post(`/v1/work-orders/${cancelledEarlier}/transitions`, { action: 'cancel' });
    await publishEvents(producer, TOPICS.intakeConsent.name, [
      consentRevokedEvent(s.firm.caller.firmId, s.clientId, s.consentId),
    ]);
    await consentRow(s.firm.caller.firmId, s.consentId, (row) => row?.revoked === true);
    expect((await s.firm.get(`/v1/work-orders/${id}`)).body).toMatchObject({
      status: 'accepted',
      suspended: true,
    });
    const suspensions = await withTenant(app.get(DataSource), s.firm.caller.firmId, (manager) =>
      manager.query(
        `SELECT message_key AS "workOrderId", envelope->'data'->>'consentId' AS "consentId" FROM outbox
          WHERE envelope->>'type' = 'docket.work-order.suspended'`,
      ),
    );
    expect(suspensions).toEqual([{ workOrderId: id, consentId: s.consentId }]);
    expectProblem(
      await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action: 'start' }),
      409,
      'consent_revoked',
    );
    expectProblem(
      await s.firm.post(`/v1/matters/${s.matterId}/work-orders`, {
        vendorId: s.vendorId,
        workType: 'document-review',
        instructions: 'More',
        slaHours: 4,
      }),
      422,
      'outsourcing_consent_missing',
    );
    const cancelled = await s.firm.post(`/v1/work-orders/${id}/transitions`, { action: 'cancel' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', suspended: false });
  });

  it('lets exactly one of twenty identical accepts through', async () => {
    const s = await setup();
    const id = await assign(s);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        s.vendor.post(`/v1/work-orders/${id}/transitions`, { action: 'accept' }),
      ),
    );
    expect(results.filter((response) => response.status === 200)).toHaveLength(1);
    expect(results.filter((response) => response.status === 409)).toHaveLength(19);
    const accepts = (await outboxOf(s.firm.caller.firmId)).filter((row) => row.action === 'accept');
    expect(accepts).toHaveLength(1);
  });

  it('records an SLA breach once per order, however many sweeps run, and none for work submitted in time', async () => {
    const s = await setup();
    const late = await assign(s, { slaHours: 1 });
    const onTime = await assign(s, { slaHours: 1 });
    const fixed = await assign(s, {
      slaHours: undefined,
      dueBy: new Date(Date.now() + 30 * 60_000).toISOString(),
    });
    for (const id of [late, onTime, fixed])
      await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action: 'accept' });
    await s.vendor.post(`/v1/work-orders/${onTime}/transitions`, { action: 'start' });
    await s.vendor.post(`/v1/work-orders/${onTime}/transitions`, { action: 'submit' });

    const early = await s.firm.post('/v1/work-orders/sla-sweep', {
      asOf: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    expect(early.body.breached).toEqual([]);
    const asOf = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const sweeps = await Promise.all(
      Array.from({ length: 5 }, () => s.firm.post('/v1/work-orders/sla-sweep', { asOf })),
    );
    expect(sweeps.every((sweep) => sweep.status === 200)).toBe(true);
    const breachedIds = sweeps.flatMap((sweep) =>
      sweep.body.breached.map((order: { id: string }) => order.id),
    );
    expect(breachedIds.sort()).toEqual([late, fixed].sort());
    expect((await s.firm.post('/v1/work-orders/sla-sweep', { asOf })).body.breached).toEqual([]);
    const breaches = (await outboxOf(s.firm.caller.firmId)).filter(
      (row) => row.type === 'docket.work-order.sla-breached',
    );
    expect(breaches).toHaveLength(2);
    expect((await s.firm.get(`/v1/work-orders/${late}`)).body.slaBreachedAt).not.toBeNull();
    expect((await s.firm.get(`/v1/work-orders/${onTime}`)).body.slaBreachedAt).toBeNull();
    expectProblem(await s.vendor.post('/v1/work-orders/sla-sweep', { asOf }), 403);
    expectProblem(await s.firm.post('/v1/work-orders/sla-sweep', { asOf: 'tomorrow' }), 400, 'asOf');
  });

  it('refuses bad input with the field at fault and changes nothing', async () => {
    const s = await setup();
    const url = `/v1/matters/${s.matterId}/work-orders`;
    const good = {
      vendorId: s.vendorId,
      workType: 'document-review',
      instructions: 'Review',
      slaHours: 8,
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, instructions: 'Review\u0000' }, 'instructions'],
      [{ ...good, instructions: 'Review \ud800' }, 'instructions'],
      [{ ...good, instructions: '   ' }, 'instructions'],
      [{ ...good, vendorId: null }, 'vendorId'],
      [{ ...good, vendorId: 'acme' }, 'vendorId'],
      [{ ...good, workType: 'astrology' }, 'workType'],
      [{ ...good, documentIds: 'doc-1' }, 'documentIds'],
      [{ ...good, documentIds: ['not-a-uuid'] }, 'documentIds'],
      [{ ...good, slaHours: 1.5 }, 'slaHours'],
      [{ ...good, slaHours: null }, 'slaHours'],
      [{ ...good, slaHours: undefined }, 'slaHours'],
      [{ ...good, dueBy: '2030-01-01T09:00:00Z' }, 'slaHours'],
      [{ ...good, slaHours: undefined, dueBy: '2030-01-01T09:00' }, 'dueBy'],
      [{ ...good, slaHours: undefined, dueBy: '2020-01-01T09:00:00Z' }, 'dueBy'],
      [{ ...good, status: 'closed' }, 'status'],
    ];
    for (const [body, field] of cases) expectProblem(await s.firm.post(url, body), 400, field);
    expectProblem(await s.firm.post(url, [good]), 400);
    expect((await s.firm.get(url)).body.items).toEqual([]);

    const id = await assign(s);
    const transitions = `/v1/work-orders/${id}/transitions`;
    const badTransitions: Array<[unknown, string]> = [
      [{ action: 'finish' }, 'action'],
      [{ action: null }, 'action'],
      [{ action: 'cancel', reasons: ['because'] }, 'reasons'],
      [{ action: 'return' }, 'reasons'],
      [{ action: 'return', reasons: [] }, 'reasons'],
      [{ action: 'return', reasons: ['\u0000'] }, 'reasons.0'],
    ];
    for (const [body, field] of badTransitions)
      expectProblem(await s.firm.post(transitions, body), 400, field);
    expectProblem(await s.firm.get('/v1/work-orders/not-an-id'), 404);
    expect((await s.firm.get(`/v1/work-orders/${id}`)).body.status).toBe('assigned');
    expect((await outboxOf(s.firm.caller.firmId)).map((row) => row.action)).toEqual(['assign']);
  });
});
