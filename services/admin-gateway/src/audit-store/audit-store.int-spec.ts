/** The audit store against real PostgreSQL and the broker: one hash chain per firm, each event chained once. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashSecret, loadSigningKey } from '@lawfirm/auth';
import { AuditRecordedV1, createEnvelope, TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { chainHash, normaliseAuditRecord } from '@lawfirm/audit';
import { register } from 'prom-client';
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

  /** Runs `statements` as the database owner (a DBA, or an attacker with its password) in one transaction. */
  async function asOwner(firmId: string, statements: Array<[string, unknown[]?]>): Promise<void> {
    const owner = new Client({ connectionString: testDatabase('admin-gateway').owner });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      // Row-level security is forced on the owner too: it sees the firm's rows only once it names the firm.
      await owner.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
      for (const [sql, params] of statements) await owner.query(sql, params ?? []);
      await owner.query('COMMIT');
    } finally {
      await owner.end();
    }
  }

  /** An operator's token, for the verify endpoint. */
  async function opsToken(): Promise<string> {
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
    expect(grant.status).toBe(200);
    return grant.body.access_token as string;
  }

  async function verifyOverHttp(firmId: string): Promise<{ intact: boolean; breaks: unknown[] }> {
    const response = await serviceClient(app)
      .anonymous()
      .get(`/admin/firms/${firmId}/audit/verify`, {
        headers: {
          authorization: `Bearer ${await opsToken()}`,
          'x-access-reason': 'ticket OPS-77: tamper drill',
        },
      });
    expect(response.status).toBe(200);
    return response.body;
  }

  async function chainOf(length: number): Promise<string> {
    const firmId = randomUUID();
    for (let seq = 1; seq <= length; seq += 1)
      await store.appendNow(firmId, randomUUID(), { action: `step.${seq}` });
    return firmId;
  }

  async function failureCount(): Promise<number> {
    const metric = await register.getSingleMetric('audit_chain_store_failures_total')?.get();
    return (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0);
  }

  const DISABLE_GUARD = 'ALTER TABLE audit_chain_heads DISABLE TRIGGER audit_chain_heads_guard';
  const ENABLE_GUARD = 'ALTER TABLE audit_chain_heads ENABLE TRIGGER audit_chain_heads_guard';

  it('finds a record changed behind its back', async () => {
    const firmId = await chainOf(3);
    await asOwner(firmId, [
      [`UPDATE audit_records SET body = '{"action":"forged"}' WHERE firm_id = $1 AND seq = 2`, [firmId]],
    ]);
    expect(await verifyOverHttp(firmId)).toMatchObject({
      intact: false,
      breaks: [expect.objectContaining({ seq: 2, reason: 'hash-mismatch' })],
    });
  });

  it('finds a record changed and re-hashed without the chain key (plain SHA-256 or a guessed key)', async () => {
    const firmId = await chainOf(3);
    const forged = { action: 'forged' };
    const [row] = (await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(`SELECT prev_hash, event_id FROM audit_records WHERE firm_id = $1 AND seq = 3`, [firmId]),
    )) as Array<{ prev_hash: string; event_id: string }>;
    const rehash = chainHash(Buffer.alloc(32), row!.prev_hash, firmId, 3, row!.event_id, forged);
    await asOwner(firmId, [
      [DISABLE_GUARD],
      [
        `UPDATE audit_records SET body = $2, hash = $3 WHERE firm_id = $1 AND seq = 3`,
        [firmId, forged, rehash],
      ],
      [`UPDATE audit_chain_heads SET last_hash = $2 WHERE firm_id = $1`, [firmId, rehash]],
      [ENABLE_GUARD],
    ]);
    expect(await verifyOverHttp(firmId)).toMatchObject({
      intact: false,
      breaks: [
        expect.objectContaining({
          seq: 3,
          reason: 'hash-mismatch',
          detail: expect.stringContaining('keyed hash'),
        }),
        expect.objectContaining({
          seq: 3,
          reason: 'hash-mismatch',
          detail: expect.stringContaining('anchored'),
        }),
      ],
    });
  });

  it('finds a deleted tail whose head was rewound onto the last record left, against the anchor', async () => {
    const firmId = await chainOf(4);
    const [kept] = (await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(`SELECT hash FROM audit_records WHERE firm_id = $1 AND seq = 2`, [firmId]),
    )) as Array<{ hash: string }>;
    await asOwner(firmId, [
      [DISABLE_GUARD],
      [`DELETE FROM audit_records WHERE firm_id = $1 AND seq > 2`, [firmId]],
      [`UPDATE audit_chain_heads SET last_seq = 2, last_hash = $2 WHERE firm_id = $1`, [firmId, kept!.hash]],
      [ENABLE_GUARD],
    ]);
    expect(await verifyOverHttp(firmId)).toMatchObject({
      intact: false,
      breaks: [expect.objectContaining({ seq: 3, reason: 'rewound-head' })],
    });
  });

  it('finds a missing head and records past a rewound head', async () => {
    const headless = await chainOf(2);
    await asOwner(headless, [
      [DISABLE_GUARD],
      [`DELETE FROM audit_chain_heads WHERE firm_id = $1`, [headless]],
      [ENABLE_GUARD],
    ]);
    expect((await verifyOverHttp(headless)).breaks).toEqual(
      expect.arrayContaining([expect.objectContaining({ seq: 1, reason: 'missing-head' })]),
    );

    const rewound = await chainOf(3);
    const [first] = (await withTenant(app.get(DataSource), rewound, (manager) =>
      manager.query(`SELECT hash FROM audit_records WHERE firm_id = $1 AND seq = 1`, [rewound]),
    )) as Array<{ hash: string }>;
    await asOwner(rewound, [
      [DISABLE_GUARD],
      [
        `UPDATE audit_chain_heads SET last_seq = 1, last_hash = $2 WHERE firm_id = $1`,
        [rewound, first!.hash],
      ],
      [ENABLE_GUARD],
    ]);
    expect((await verifyOverHttp(rewound)).breaks).toEqual([
      expect.objectContaining({ seq: 2, reason: 'past-head' }),
    ]);
  });

  it('lets the app role move a head only forward onto a chained record, never back, elsewhere or away', async () => {
    const firmId = await chainOf(3);
    const attempts = [
      `UPDATE audit_chain_heads SET last_seq = 1 WHERE firm_id = '${firmId}'`,
      `UPDATE audit_chain_heads SET last_seq = 9, last_hash = repeat('a', 64) WHERE firm_id = '${firmId}'`,
      `DELETE FROM audit_chain_heads WHERE firm_id = '${firmId}'`,
      `INSERT INTO audit_chain_heads (firm_id, last_seq, last_hash) VALUES ('${randomUUID()}', 5, repeat('a', 64))`,
      `DELETE FROM audit_records WHERE firm_id = '${firmId}'`,
      `UPDATE audit_records SET body = '{}' WHERE firm_id = '${firmId}'`,
    ];
    for (const sql of attempts) {
      await expect(withTenant(app.get(DataSource), firmId, (manager) => manager.query(sql))).rejects.toThrow(
        /audit chain head|permission denied/,
      );
    }
    expect(await store.verify(firmId)).toMatchObject({ intact: true, lastSeq: 3 });
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

  it('chains a record whose first attempts fail with a transient database error, and raises the alert metric', async () => {
    const admin = newCaller({ roles: ['firm-admin'] });
    const fault = `audit_fault_${randomUUID().replace(/-/g, '')}`;
    // An injected fault for this firm only: its first two inserts fail with serialization_failure
    // (a sequence, because it is not rolled back with the failed statement).
    await asOwner(admin.firmId, [
      [`CREATE SEQUENCE ${fault}`],
      [
        `CREATE FUNCTION ${fault}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
         BEGIN
           IF NEW.firm_id = '${admin.firmId}' AND nextval('${fault}') <= 2 THEN
             RAISE EXCEPTION 'injected transient fault' USING ERRCODE = '40001';
           END IF;
           RETURN NEW;
         END $$`,
      ],
      [`CREATE TRIGGER ${fault} BEFORE INSERT ON audit_records FOR EACH ROW EXECUTE FUNCTION ${fault}()`],
    ]);
    const failuresBefore = await failureCount();
    try {
      const event = createEnvelope({
        type: AuditRecordedV1.type,
        firmId: admin.firmId,
        aggregateId: admin.firmId,
        actor: { type: 'user', id: admin.subject },
        correlationId: randomUUID(),
        data: auditRecord('matter.opened.after.fault'),
      });
      await producer.send({
        topic: TOPICS.audit.name,
        messages: [{ key: admin.firmId, value: JSON.stringify(event) }],
      });
      const trail = await eventually(async () => {
        const page = await store.list(admin.firmId);
        return page.items.length > 0 ? page.items : undefined;
      });
      expect(trail).toEqual([
        expect.objectContaining({ seq: 1, eventId: event.id, action: 'matter.opened.after.fault' }),
      ]);
      // Both injected faults were met and retried before the record was chained.
      const owner = new Client({ connectionString: testDatabase('admin-gateway').owner });
      await owner.connect();
      const attempts = await owner
        .query<{ last_value: string }>(`SELECT last_value FROM ${fault}`)
        .finally(() => owner.end());
      expect(Number(attempts.rows[0]!.last_value)).toBeGreaterThanOrEqual(3);
      // The alert metric is per process: another spec's admin gateway (its own consumer group on the
      // same topic and database) may have met the faults instead of this one, so it is only checked
      // when this process did the retrying.
      if ((await failureCount()) === failuresBefore)
        expect(await store.list(admin.firmId)).toMatchObject({ items: [expect.anything()] });
      else expect(await failureCount()).toBeGreaterThan(failuresBefore);
      expect(await store.verify(admin.firmId)).toMatchObject({ intact: true, lastSeq: 1 });
    } finally {
      await asOwner(admin.firmId, [
        [`DROP TRIGGER ${fault} ON audit_records`],
        [`DROP FUNCTION ${fault}()`],
        [`DROP SEQUENCE ${fault}`],
      ]);
    }
  });

  it('chains every record a producer normalised, however hostile its input', async () => {
    const admin = newCaller({ roles: ['firm-admin'] });
    const hostile = normaliseAuditRecord({
      category: 'request',
      actorType: 'anonymous',
      actorId: 'anonymous',
      action: `GET /v1/${'a'.repeat(300)}`,
      method: 'PROPFINDXXXXXXX',
      route: `/v1/${'\uD800x'.repeat(400)}`,
      ip: 'not-an-ip, 203.0.113.9',
      userAgent: `agent\u0000${'z'.repeat(600)}`,
      requestId: randomUUID(),
      clientRequestId: `\uDC00${'c'.repeat(300)}`,
      status: 1000,
      durationMs: Number.NaN,
      at: new Date().toISOString(),
    });
    const event = createEnvelope({
      type: AuditRecordedV1.type,
      firmId: admin.firmId,
      aggregateId: admin.firmId,
      actor: { type: 'anonymous', id: 'anonymous' },
      correlationId: randomUUID(),
      data: hostile,
    });
    await producer.send({
      topic: TOPICS.audit.name,
      messages: [{ key: admin.firmId, value: JSON.stringify(event) }],
    });
    const [stored] = await eventually(async () => {
      const page = await store.list(admin.firmId);
      return page.items.length > 0 ? page.items : undefined;
    });
    expect(stored).toMatchObject({
      eventId: event.id,
      details: { forwardedFor: 'not-an-ip, 203.0.113.9' },
      action: expect.stringMatching(/…\[truncated\]$/),
    });
    expect(String(stored?.userAgent)).not.toContain('\u0000');
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
