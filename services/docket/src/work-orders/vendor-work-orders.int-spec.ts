/** The vendor's side of docket's work orders (issue 16): its list and brief in one firm, scoped and refused when over. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS } from '@lawfirm/contracts';
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
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { DocketConfig } from '../config';

describe('Vendor work orders in docket', () => {
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
    firmId: string;
    firm: CallerClient;
    vendorId: string;
    vendor: CallerClient;
    matterId: string;
    clientId: string;
    consentId: string;
  }

  async function setup(): Promise<Setup> {
    const attorney = newCaller({ roles: ['attorney', 'firm-admin'] });
    const vendorId = randomUUID();
    const clientId = randomUUID();
    const matterId = await publishMatterAndWait(app, producer, attorney.firmId, { clientId });
    const grant = consentGrantedEvent(attorney.firmId, clientId, ['document-review']);
    await publishEvents(producer, TOPICS.intakeConsent.name, [grant]);
    await consentRevoked(attorney.firmId, grant.data.consentId, false);
    return {
      firmId: attorney.firmId,
      firm: serviceClient(app).as(attorney),
      vendorId,
      vendor: vendorOf(attorney.firmId, vendorId),
      matterId,
      clientId,
      consentId: grant.data.consentId,
    };
  }

  const vendorOf = (firmId: string, vendorId: string): CallerClient =>
    serviceClient(app).as(newCaller({ firmId, subject: vendorId, roles: [], actorType: 'vendor' }));

  async function consentRevoked(firmId: string, consentId: string, revoked: boolean): Promise<void> {
    await eventually(async () => {
      const rows: Array<{ revoked: boolean }> = await withTenant(app.get(DataSource), firmId, (manager) =>
        manager.query(
          `SELECT revoked_at IS NOT NULL AS revoked FROM outsourcing_consents WHERE consent_id = $1`,
          [consentId],
        ),
      );
      return rows[0] !== undefined && rows[0].revoked === revoked ? true : undefined;
    });
  }

  async function assign(s: Setup, vendorId = s.vendorId): Promise<string> {
    const created = await s.firm.post(`/v1/matters/${s.matterId}/work-orders`, {
      vendorId,
      workType: 'document-review',
      instructions: 'Privilege review of the 2019 custodian e-mails',
      documentIds: [randomUUID()],
      slaHours: 48,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  it("lists only the calling vendor's open orders, with the matter's number and title", async () => {
    const s = await setup();
    const mine = await assign(s);
    const someoneElses = await assign(s, randomUUID());
    const list = await s.vendor.get('/v1/work-orders');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: mine,
        status: 'assigned',
        suspended: false,
        matter: expect.objectContaining({ id: s.matterId, number: expect.stringMatching(/\S/) }),
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(someoneElses);
    const brief = await s.vendor.get(`/v1/work-orders/${mine}/brief`);
    expect(brief.status).toBe(200);
    expect(brief.body).toMatchObject({
      id: mine,
      instructions: expect.any(String),
      documentIds: [expect.any(String)],
    });
    expect((await s.vendor.get(`/v1/work-orders/${someoneElses}/brief`)).status).toBe(404);
  });

  it('shows the QC outcome with the return reasons', async () => {
    const s = await setup();
    const id = await assign(s);
    for (const action of ['accept', 'start', 'submit'])
      expect((await s.vendor.post(`/v1/work-orders/${id}/transitions`, { action })).status).toBe(200);
    const returned = await s.firm.post(`/v1/work-orders/${id}/transitions`, {
      action: 'return',
      reasons: ['Missed the attachments'],
    });
    expect(returned.status).toBe(200);
    const brief = await s.vendor.get(`/v1/work-orders/${id}/brief`);
    expect(brief.body).toMatchObject({
      status: 'returned',
      returnReasons: ['Missed the attachments'],
      returnCount: 1,
    });
  });

  it('refuses the brief once the consent is revoked (409 consent_revoked) or the order is cancelled (409)', async () => {
    const s = await setup();
    const cancelled = await assign(s);
    expect((await s.firm.post(`/v1/work-orders/${cancelled}/transitions`, { action: 'cancel' })).status).toBe(
      200,
    );
    const closed = await s.vendor.get(`/v1/work-orders/${cancelled}/brief`);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('work_order_closed');
    expect((await s.vendor.get('/v1/work-orders')).body.items).toEqual([]);

    const open = await assign(s);
    await publishEvents(producer, TOPICS.intakeConsent.name, [
      consentRevokedEvent(s.firmId, s.clientId, s.consentId),
    ]);
    await consentRevoked(s.firmId, s.consentId, true);
    const suspended = await s.vendor.get(`/v1/work-orders/${open}/brief`);
    expect(suspended.status).toBe(409);
    expect(suspended.body.code).toBe('consent_revoked');
    expect((await s.vendor.get('/v1/work-orders')).body.items).toEqual([
      expect.objectContaining({ id: open, suspended: true }),
    ]);
  });

  it("keeps firms apart: the vendor in another firm sees nothing of this firm's (404); the firm's people see every order", async () => {
    const s = await setup();
    const id = await assign(s);
    const sameVendorOtherFirm = vendorOf(randomUUID(), s.vendorId);
    expect((await sameVendorOtherFirm.get('/v1/work-orders')).body.items).toEqual([]);
    expect((await sameVendorOtherFirm.get(`/v1/work-orders/${id}/brief`)).status).toBe(404);
    // The firm's own people read the same views of every order of the firm.
    const firmList = await s.firm.get('/v1/work-orders');
    expect(firmList.status).toBe(200);
    expect(firmList.body.items).toEqual([expect.objectContaining({ id, vendorId: s.vendorId })]);
    expect((await s.firm.get(`/v1/work-orders/${id}/brief`)).body).toMatchObject({
      id,
      vendorId: s.vendorId,
    });
    const noRole = serviceClient(app).as(newCaller({ firmId: s.firmId, roles: [] }));
    expect((await noRole.get('/v1/work-orders')).status).toBe(403);
    expect((await s.vendor.get('/v1/work-orders/not-a-uuid/brief')).status).toBe(404);
  });
});
