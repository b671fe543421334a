/**
 * Idempotency-Key kept "in doubt" (issue 10): the gateway forwards the caller's key, intake claims
 * it in the transaction of the change and keeps the answer; when the gateway gives up waiting
 * while intake still commits, a retry with the key is forwarded again and gets the committed
 * answer, so the write happens once (one client, one event, one audit change record). The gateway
 * and intake run in this process over real HTTP against the test PostgreSQL and Kafka; intake is
 * made slow by holding a lock on its clients table, the gateway's upstream timeout is set low.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadSigningKey, TokenIssuer } from '@lawfirm/auth';
import { createDataSource, withTenant } from '@lawfirm/database';
import { createServiceApp, loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  newCaller,
  newFirmId,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testKeys,
} from '@lawfirm/testing';
import { gatewayOptions } from '../../services/gateway/src/main';
import { AppModule as IntakeModule } from '../../services/intake/src/app.module';
import { IntakeConfig } from '../../services/intake/src/config';
import { ENTITIES as INTAKE_ENTITIES } from '../../services/intake/src/database';

const NOWHERE = 'http://127.0.0.1:9';
const UPSTREAM_TIMEOUT_MS = 400;
const PARALLEL = 20;

interface Answer {
  status: number;
  contentType: string | null;
  replayed: string | null;
  body: Record<string, unknown>;
}

describe('Idempotency-Key through the gateway to a service', () => {
  let intake: NestFastifyApplication;
  let gateway: NestFastifyApplication;
  let intakeOwner: DataSource;
  let gatewayUrl: string;
  let patientGateway: NestFastifyApplication;
  let patientGatewayUrl: string;

  beforeAll(async () => {
    intake = await bootService('intake', (logger) =>
      IntakeModule.register(loadConfig(IntakeConfig, serviceTestEnv('intake')), logger),
    );
    await intake.listen({ port: 0, host: '127.0.0.1' });
    const intakeUrl = (await intake.getUrl()).replace('[::1]', '127.0.0.1');
    const env = serviceTestEnv('gateway', {
      GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey,
      INTAKE_URL: intakeUrl,
      TIMEKEEPING_URL: NOWHERE,
      BILLING_URL: NOWHERE,
      DOCKET_URL: NOWHERE,
      DOCUMENT_URL: NOWHERE,
      ADMIN_GATEWAY_URL: NOWHERE,
      UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    });
    gateway = await createServiceApp(await gatewayOptions(env));
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    gatewayUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
    // The race needs a gateway that waits as long as production does: with 400 ms, twenty requests
    // on a loaded machine time out (503, in doubt) before intake answers them 409.
    patientGateway = await createServiceApp(await gatewayOptions({ ...env, UPSTREAM_TIMEOUT_MS: '30000' }));
    await patientGateway.listen({ port: 0, host: '127.0.0.1' });
    patientGatewayUrl = (await patientGateway.getUrl()).replace('[::1]', '127.0.0.1');
    intakeOwner = createDataSource({
      url: testDatabase('intake').owner,
      entities: INTAKE_ENTITIES,
      applicationName: 'idempotency-in-doubt-spec',
      poolSize: 2,
    });
    await intakeOwner.initialize();
  });

  afterAll(async () => {
    await patientGateway?.close();
    await gateway?.close();
    await intake?.close();
    await intakeOwner?.destroy();
  });

  async function accessToken(firmId: string, subject = randomUUID()): Promise<string> {
    const issuer = new TokenIssuer(await loadSigningKey(testKeys().gatewaySigningKey), 'lawfirm-gateway');
    return issuer.sign(
      'lawfirm-api',
      { firmId, subject, actorType: 'user', roles: ['firm-admin', 'attorney', 'billing'], scopes: [] },
      300,
    );
  }

  async function post(token: string, key: string, body: object, via = gatewayUrl): Promise<Answer> {
    const response = await fetch(`${via}/v1/clients`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      replayed: response.headers.get('idempotent-replayed'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  /** What intake wrote for the firm: clients, and the outbox's events and audit actions. */
  async function writtenFor(firmId: string): Promise<{ clients: string[]; outbox: string[] }> {
    return withTenant(intake.get(DataSource), firmId, async (manager) => {
      const clients = (await manager.query(`SELECT id FROM clients ORDER BY id`)) as Array<{ id: string }>;
      const outbox = (await manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data'->>'action' AS action FROM outbox ORDER BY created_at, id`,
      )) as Array<{ type: string; action: string | null }>;
      return {
        clients: clients.map((row) => row.id),
        outbox: outbox.map((row) => (row.type === 'audit.recorded' ? `audit:${row.action}` : row.type)),
      };
    });
  }

  /** Runs `work` while intake cannot insert a client (the lock is held by another transaction). */
  async function withClientsLocked<T>(work: () => Promise<T>): Promise<T> {
    const runner = intakeOwner.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`LOCK TABLE clients IN SHARE ROW EXCLUSIVE MODE`);
      return await work();
    } finally {
      await runner.commitTransaction();
      await runner.release();
    }
  }

  it('answers a retry after an upstream timeout with the committed answer, and writes once', async () => {
    const firmId = newFirmId();
    const token = await accessToken(firmId);
    const key = randomUUID();
    const body = { kind: 'company', name: `Slow ${randomUUID().slice(0, 8)}` };

    const first = await withClientsLocked(() => post(token, key, body));
    // The gateway gave up; intake is still waiting on the lock, and commits once it is released.
    expect(first.status).toBe(503);
    expect(first.contentType).toMatch(/^application\/problem\+json/);

    const retry = await eventually(async () => {
      const answer = await post(token, key, body);
      return answer.status === 409 ? undefined : answer;
    });

    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe('true');
    expect(retry.body).toMatchObject({ name: body.name });
    const written = await writtenFor(firmId);
    expect(written.clients).toEqual([retry.body.id]);
    expect(written.outbox.filter((entry) => entry.startsWith('audit:'))).toHaveLength(1);
    expect(written.outbox.filter((entry) => !entry.startsWith('audit:'))).toHaveLength(1);
    // And the gateway now keeps that answer itself.
    expect(await post(token, key, body)).toEqual(retry);
  });

  it('writes once for twenty identical concurrent requests with one key', async () => {
    const firmId = newFirmId();
    const token = await accessToken(firmId);
    const key = randomUUID();
    const body = { kind: 'company', name: `Twenty ${randomUUID().slice(0, 8)}` };

    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => post(token, key, body, patientGatewayUrl)),
    );

    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers.filter((each) => each.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'idempotency_in_progress' });
    }
    expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
    const written = await writtenFor(firmId);
    expect(written.clients).toHaveLength(1);
    expect(written.outbox).toHaveLength(2);
  });

  it('refuses the same key with another body (422 idempotency_key_reused), even while in doubt', async () => {
    const firmId = newFirmId();
    const token = await accessToken(firmId);
    const key = randomUUID();
    const body = { kind: 'company', name: `Reused ${randomUUID().slice(0, 8)}` };
    expect((await withClientsLocked(() => post(token, key, body))).status).toBe(503);

    const other = await post(token, key, { ...body, name: `${body.name} Other` });

    expect(other.status).toBe(422);
    expect(other.contentType).toMatch(/^application\/problem\+json/);
    expect(other.body).toMatchObject({ code: 'idempotency_key_reused' });
    await eventually(async () => ((await writtenFor(firmId)).clients.length === 1 ? true : undefined));
    expect((await writtenFor(firmId)).clients).toHaveLength(1);
  });
});

describe('Idempotency-Key at a service (as the gateway forwards it)', () => {
  let intake: NestFastifyApplication;

  beforeAll(async () => {
    intake = await bootService('intake', (logger) =>
      IntakeModule.register(loadConfig(IntakeConfig, serviceTestEnv('intake')), logger),
    );
  });

  afterAll(async () => {
    await intake?.close();
  });

  async function clientsOf(firmId: string): Promise<string[]> {
    return withTenant(intake.get(DataSource), firmId, async (manager) =>
      ((await manager.query(`SELECT id FROM clients`)) as Array<{ id: string }>).map((row) => row.id),
    );
  }

  it('replays the committed answer to a retry and writes once', async () => {
    const caller = newCaller();
    const call = serviceClient(intake).as(caller);
    const headers = { 'idempotency-key': randomUUID() };
    const body = { kind: 'company', name: `Direct ${randomUUID().slice(0, 8)}` };

    const first = await call.post('/v1/clients', body, { headers });
    const retry = await call.post('/v1/clients', body, { headers });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await clientsOf(caller.firmId)).toEqual([first.body.id]);
  });

  it('writes once for twenty concurrent requests with one key that reach the service together', async () => {
    const caller = newCaller();
    const call = serviceClient(intake).as(caller);
    const headers = { 'idempotency-key': randomUUID() };
    const body = { kind: 'company', name: `Together ${randomUUID().slice(0, 8)}` };

    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => call.post('/v1/clients', body, { headers })),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const ids = new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id));
    expect(ids.size).toBe(1);
    expect(await clientsOf(caller.firmId)).toEqual([...ids]);
  });

  it('refuses the key with another body, and keeps keys apart per firm', async () => {
    const caller = newCaller();
    const call = serviceClient(intake).as(caller);
    const headers = { 'idempotency-key': randomUUID() };
    const body = { kind: 'company', name: `Keyed ${randomUUID().slice(0, 8)}` };
    expect((await call.post('/v1/clients', body, { headers })).status).toBe(201);

    const reused = await call.post('/v1/clients', { ...body, name: 'Another' }, { headers });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });

    const otherFirm = newCaller();
    const elsewhere = await serviceClient(intake).as(otherFirm).post('/v1/clients', body, { headers });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.headers['idempotent-replayed']).toBeUndefined();
    expect(await clientsOf(caller.firmId)).toHaveLength(1);
    expect(await clientsOf(otherFirm.firmId)).toHaveLength(1);
  });

  it('answers 409 idempotency_in_progress and writes nothing while another transaction holds the key', async () => {
    const caller = newCaller();
    const call = serviceClient(intake).as(caller);
    const key = randomUUID();
    const holder = new DataSource({ type: 'postgres', url: testDatabase('intake').owner, poolSize: 1 });
    await holder.initialize();
    const runner = holder.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT set_config('app.firm_id', $1, true)`, [caller.firmId]);
      await runner.query(
        `INSERT INTO idempotency_keys (firm_id, subject, key, fingerprint, expires_at)
         VALUES ($1, $2, $3, 'held', now() + interval '1 hour')`,
        [caller.firmId, caller.subject, key],
      );

      const waited = await call.post(
        '/v1/clients',
        { kind: 'company', name: 'Held' },
        { headers: { 'idempotency-key': key } },
      );

      expect(waited.status).toBe(409);
      expect(String(waited.headers['content-type'])).toContain('application/problem+json');
      expect(waited.body).toMatchObject({ code: 'idempotency_in_progress' });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
      await holder.destroy();
    }
    expect(await clientsOf(caller.firmId)).toEqual([]);
  }, 20_000);

  it('keeps no key for a refused request: a corrected retry with the key runs', async () => {
    const caller = newCaller();
    const call = serviceClient(intake).as(caller);
    const headers = { 'idempotency-key': randomUUID() };

    const refused = await call.post('/v1/clients', { kind: 'company', name: '' }, { headers });
    expect(refused.status).toBe(400);
    const corrected = await call.post('/v1/clients', { kind: 'company', name: 'Corrected' }, { headers });
    expect(corrected.status).toBe(201);
    expect(await clientsOf(caller.firmId)).toEqual([corrected.body.id]);
  });
});
