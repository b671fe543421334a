/** The audit store against real PostgreSQL and the broker: one hash chain per firm, each event chained once. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashSecret, loadSigningKey } from '@lawfirm/auth';
import { AuditRecordedV1, createEnvelope, TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  newCaller,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testKeys,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { AdminGatewayConfig } from '../config';
import { AuditStore } from './audit-store.service';

function auditRecord(action: string): AuditRecordedV1 {
  return {
    category: 'change',
    actorType: 'user',
    actorId: randomUUID(),
    action,
    at: new Date().toISOString(),
  };
}

describe('AuditStore', () => {
  let app: NestFastifyApplication;
  let store: AuditStore;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(
      AdminGatewayConfig,
      serviceTestEnv('admin-gateway', { ADMIN_SIGNING_KEY: testKeys().adminSigningKey }),
    );
    const signingKey = await loadSigningKey(config.ADMIN_SIGNING_KEY);
    app = await bootService('admin-gateway', (logger) => AppModule.register(config, logger, signingKey));
    store = app.get(AuditStore);
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  it('chains records in order, skips an event already chained, and lists them newest first page by page', async () => {
    const firmId = randomUUID();
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    await store.appendNow(firmId, first, { action: 'one' });
    await store.appendNow(firmId, first, { action: 'one again' });
    await withTenant(app.get(DataSource), firmId, (manager) =>
      store.appendMany(manager, firmId, [
        { eventId: first, body: { action: 'one, batched' } },
        { eventId: second, body: { action: 'two' } },
        { eventId: second, body: { action: 'two again' } },
        { eventId: third, body: { action: 'three' } },
      ]),
    );

    const firstPage = await store.list(firmId, 2);
    expect(firstPage.items).toEqual([
      { seq: 3, eventId: third, action: 'three' },
      { seq: 2, eventId: second, action: 'two' },
    ]);
    const secondPage = await store.list(firmId, 2, firstPage.nextCursor ?? undefined);
    expect(secondPage).toEqual({ items: [{ seq: 1, eventId: first, action: 'one' }], nextCursor: null });
    expect(await store.verify(firmId)).toMatchObject({ intact: true, checked: 3, lastSeq: 3, breaks: [] });
    expect((await store.list(randomUUID())).items).toEqual([]);
  });

  it('finds a record changed behind its back', async () => {
    const firmId = randomUUID();
    for (const action of ['a', 'b', 'c']) await store.appendNow(firmId, randomUUID(), { action });
    // The app role may not change audit rows; the owner (a DBA, an attacker with its password) can.
    const owner = new Client({ connectionString: testDatabase('admin-gateway').owner });
    await owner.connect();
    try {
      // Row-level security is forced on the owner too: it sees the firm's rows only once it names the firm.
      await owner.query(`SELECT set_config('app.firm_id', $1, false)`, [firmId]);
      await owner.query(
        `UPDATE audit_records SET body = '{"action":"forged"}' WHERE firm_id = $1 AND seq = 2`,
        [firmId],
      );
    } finally {
      await owner.end();
    }
    expect(await store.verify(firmId)).toMatchObject({
      intact: false,
      breaks: [expect.objectContaining({ seq: 2, reason: 'hash-mismatch' })],
    });
  });

  it("chains audit.v1 records into their firm's chain, which the firm's admin reads on the internal route", async () => {
    const admin = newCaller({ roles: ['firm-admin'] });
    const events = ['matter.opened', 'matter.closed'].map((action) =>
      createEnvelope({
        type: AuditRecordedV1.type,
        firmId: admin.firmId,
        aggregateId: admin.firmId,
        actor: { type: 'user', id: admin.subject },
        correlationId: randomUUID(),
        data: auditRecord(action),
      }),
    );
    const messages = [...events, events[0]].map((event) => ({
      key: admin.firmId,
      value: JSON.stringify(event),
    }));
    await producer.send({ topic: TOPICS.audit.name, messages });

    const trail = await eventually(async () => {
      const response = await serviceClient(app).as(admin).get('/internal/audit');
      return response.status === 200 && response.body.items.length === 2 ? response.body : undefined;
    });
    expect(trail.items.map((item: { action: string; seq: number }) => [item.seq, item.action])).toEqual([
      [2, 'matter.closed'],
      [1, 'matter.opened'],
    ]);
    const attorney = await serviceClient(app)
      .as(newCaller({ firmId: admin.firmId, roles: ['attorney'] }))
      .get('/internal/audit');
    expect(attorney.status).toBe(403);
  });

  it('refuses the operations routes without an ops token and a wrong password at the token endpoint', async () => {
    const anonymous = serviceClient(app).anonymous();
    expect((await anonymous.get(`/admin/firms/${randomUUID()}/audit`)).status).toBe(401);
    const token = await anonymous.post('/admin/auth/token', {
      grant_type: 'password',
      username: 'nobody@platform.test',
      password: 'wrong',
    });
    expect(token.status).toBe(401);
    expect(token.body).toMatchObject({ code: 'invalid_grant' });
  });

  it("lets an operator who signs in read a firm's trail with a stated reason, and chains that look into the firm's chain", async () => {
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
    const anonymous = serviceClient(app).anonymous();
    const grant = await anonymous.post('/admin/auth/token', {
      grant_type: 'password',
      username: email,
      password: 'correct horse battery',
    });
    expect(grant.status).toBe(200);
    const firmId = randomUUID();
    await store.appendNow(firmId, randomUUID(), { action: 'matter.opened' });

    const headers = {
      authorization: `Bearer ${grant.body.access_token}`,
      'x-access-reason': 'ticket OPS-1234: customer asked',
    };
    const trail = await anonymous.get(`/admin/firms/${firmId}/audit`, { headers });
    expect(trail.status).toBe(200);
    expect(trail.body.items[0]).toMatchObject({
      seq: 2,
      action: 'ops.audit.read',
      reason: 'ticket OPS-1234: customer asked',
    });
    expect(
      (
        await anonymous.get(`/admin/firms/${firmId}/audit`, {
          headers: { authorization: headers.authorization },
        })
      ).status,
    ).toBe(400);
  });
});
