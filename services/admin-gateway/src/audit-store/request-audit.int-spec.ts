/**
 * The admin gateway's own request audit, booted as main.ts boots it (its onResponse hook): who may
 * write into which trail, and whose request id a record carries.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { hashSecret } from '@lawfirm/auth';
import { PLATFORM_FIRM_ID } from '@lawfirm/contracts';
import { createServiceApp } from '@lawfirm/platform';
import {
  eventually,
  registerServiceApp,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testKeys,
} from '@lawfirm/testing';
import { adminGatewayOptions } from '../main';
import { AuditStore, type AuditEntryView } from './audit-store.service';

describe('admin gateway request audit', () => {
  let app: NestFastifyApplication;
  let store: AuditStore;
  let opsToken: string;

  beforeAll(async () => {
    const options = await adminGatewayOptions(
      serviceTestEnv('admin-gateway', { ADMIN_SIGNING_KEY: testKeys().adminSigningKey }),
    );
    app = await createServiceApp(options);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    registerServiceApp(app, 'admin-gateway');
    store = app.get(AuditStore);

    const email = `ops-${randomUUID()}@platform.test`;
    const owner = new Client({ connectionString: testDatabase('admin-gateway').owner });
    await owner.connect();
    try {
      await owner.query(
        `INSERT INTO ops_users (id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Auditor', $3, '{ops-auditor}')`,
        [randomUUID(), email, await hashSecret('correct horse battery')],
      );
    } finally {
      await owner.end();
    }
    const grant = await serviceClient(app).anonymous().post('/admin/auth/token', {
      grant_type: 'password',
      username: email,
      password: 'correct horse battery',
    });
    opsToken = grant.body.access_token as string;
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The record of the request that sent `clientRequestId`, from `chain`'s newest records. */
  function recordIn(chain: string, clientRequestId: string): Promise<AuditEntryView> {
    return eventually(async () => {
      const page = await store.list(chain, 200);
      return page.items.find((item) => item.clientRequestId === clientRequestId);
    });
  }

  async function chainLength(firmId: string): Promise<number> {
    return (await store.verify(firmId)).checked;
  }

  it("chains a 401 naming a made-up firm into the platform's trail, never a new chain for that firm", async () => {
    const madeUpFirm = randomUUID();
    const clientRequestId = `probe-${randomUUID()}`;
    const response = await serviceClient(app)
      .anonymous()
      .get(`/admin/firms/${madeUpFirm}/audit`, { headers: { 'x-request-id': clientRequestId } });
    expect(response.status).toBe(401);

    const record = await recordIn(PLATFORM_FIRM_ID, clientRequestId);
    expect(record).toMatchObject({
      actorType: 'anonymous',
      route: '/admin/firms/:firmId/audit',
      resourceId: madeUpFirm,
      status: 401,
    });
    expect(await chainLength(madeUpFirm)).toBe(0);
    // A token that does not verify is no better than none.
    const forgedId = `probe-${randomUUID()}`;
    await serviceClient(app)
      .anonymous()
      .get(`/admin/firms/${madeUpFirm}/audit`, {
        headers: { authorization: `Bearer ${opsToken.slice(0, -4)}AAAA`, 'x-request-id': forgedId },
      });
    expect(await recordIn(PLATFORM_FIRM_ID, forgedId)).toMatchObject({ actorType: 'anonymous', status: 401 });
    expect(await chainLength(madeUpFirm)).toBe(0);
  });

  it('mints its own request id: the caller’s X-Request-Id is kept as clientRequestId only', async () => {
    const firmId = randomUUID();
    const clientRequestId = `caller-chosen-${randomUUID()}`;
    const response = await serviceClient(app)
      .anonymous()
      .get(`/admin/firms/${firmId}/audit`, {
        headers: {
          authorization: `Bearer ${opsToken}`,
          'x-access-reason': 'ticket OPS-9: request id drill',
          'x-request-id': clientRequestId,
        },
      });
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).not.toBe(clientRequestId);

    const record = await recordIn(firmId, clientRequestId);
    expect(record).toMatchObject({
      actorType: 'ops',
      status: 200,
      requestId: response.headers['x-request-id'],
    });
    expect(record.requestId).not.toBe(clientRequestId);
    // The reasoned read it made carries our id too.
    const read = (await store.list(firmId, 10)).items.find((item) => item.action === 'ops.audit.read');
    expect(read?.requestId).not.toBe(clientRequestId);
    // A client request id is text like any other: truncated, never refused.
    const long = `x${'y'.repeat(400)}`;
    await serviceClient(app)
      .anonymous()
      .get('/admin/nothing-here', { headers: { 'x-request-id': long } });
    const truncated = await eventually(async () =>
      (await store.list(PLATFORM_FIRM_ID, 200)).items.find(
        (item) => typeof item.clientRequestId === 'string' && item.clientRequestId.startsWith('xyyy'),
      ),
    );
    expect(String(truncated.clientRequestId)).toHaveLength(200);
    expect(String(truncated.clientRequestId)).toMatch(/…\[truncated\]$/);
  });

  it("chains requests refused before authentication ran: an operator's under the firm, an anonymous one under the platform", async () => {
    const firmId = randomUUID();
    const withToken = `nul-${randomUUID()}`;
    const refused = await serviceClient(app)
      .anonymous()
      .get(`/admin/firms/${firmId}/audit?cursor=%00`, {
        headers: { authorization: `Bearer ${opsToken}`, 'x-request-id': withToken },
      });
    expect(refused.status).toBe(400);
    expect(await recordIn(firmId, withToken)).toMatchObject({ actorType: 'ops', status: 400 });

    const anonymousFirm = randomUUID();
    const withoutToken = `nul-${randomUUID()}`;
    const anonymous = await serviceClient(app)
      .anonymous()
      .get(`/admin/firms/${anonymousFirm}/audit?cursor=%00`, { headers: { 'x-request-id': withoutToken } });
    expect(anonymous.status).toBe(400);
    expect(await recordIn(PLATFORM_FIRM_ID, withoutToken)).toMatchObject({
      actorType: 'anonymous',
      status: 400,
    });
    expect(await chainLength(anonymousFirm)).toBe(0);

    const tooLong = `long-${randomUUID()}`;
    const uriTooLong = await serviceClient(app)
      .anonymous()
      .get(`/admin/firms/${'f'.repeat(300)}/audit`, { headers: { 'x-request-id': tooLong } });
    expect(uriTooLong.status).toBe(414);
    expect(await recordIn(PLATFORM_FIRM_ID, tooLong)).toMatchObject({ actorType: 'anonymous', status: 414 });
  });
});
