/**
 * Dead-letter queues and service health through the operations API, against the real broker and
 * PostgreSQL: letters parked on `audit.v1.dlq` (as the admin gateway's own audit consumer parks them)
 * are listed with their error, replayed once however often replay is pressed, and the replayed record
 * reaches the audit consumer and is chained.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { hashSecret, loadSigningKey } from '@lawfirm/auth';
import { AuditRecordedV1, createEnvelope, dlqTopicOf, PLATFORM_FIRM_ID, TOPICS } from '@lawfirm/contracts';
import { DLQ_HEADERS } from '@lawfirm/messaging';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testKeys,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { AuditStore } from '../audit-store/audit-store.service';
import { AdminGatewayConfig } from '../config';

const TOPIC = TOPICS.audit.name;
const REASON = 'INC-4711 audit consumer fixed, replaying';
const startedAt = new Date();

async function asOwner<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const owner = new Client({ connectionString: testDatabase('admin-gateway').owner });
  await owner.connect();
  try {
    return await work(owner);
  } finally {
    await owner.end();
  }
}

describe('DlqController and HealthController', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let config: AdminGatewayConfig;
  let healthy: Server;
  let failing: Server;
  let adminToken: string;
  let auditorToken: string;

  const listen = (server: Server): Promise<number> =>
    new Promise((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );

  beforeAll(async () => {
    healthy = createServer((request, response) => {
      response.writeHead(request.url === '/readyz' ? 200 : 404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ service: 'intake', status: 'ready', checks: { database: { status: 'up' } } }),
      );
    });
    failing = createServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ status: 'not-ready', checks: { broker: { status: 'down', error: 'no broker' } } }),
      );
    });
    const [healthyPort, failingPort] = [await listen(healthy), await listen(failing)];
    // A port nothing listens on: a closed server's.
    const closed = createServer();
    const closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    config = loadConfig(
      AdminGatewayConfig,
      serviceTestEnv('admin-gateway', {
        ADMIN_SIGNING_KEY: testKeys().adminSigningKey,
        HEALTH_TARGETS: `intake=http://127.0.0.1:${healthyPort},billing=http://127.0.0.1:${failingPort},docket=http://127.0.0.1:${closedPort}`,
      }),
    );
    const signingKey = await loadSigningKey(config.ADMIN_SIGNING_KEY);
    app = await bootService('admin-gateway', (logger) => AppModule.register(config, logger, signingKey));
    producer = await testProducer();
    adminToken = await opsToken('ops-admin');
    auditorToken = await opsToken('ops-auditor');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    healthy?.close();
    failing?.close();
  });

  async function opsToken(role: 'ops-admin' | 'ops-auditor'): Promise<string> {
    const email = `dlq-${role}-${randomUUID()}@platform.test`;
    await asOwner(async (owner) =>
      owner.query(
        `INSERT INTO ops_users (id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Operator', $3, $4)`,
        [randomUUID(), email, await hashSecret('correct horse battery'), [role]],
      ),
    );
    const grant = await serviceClient(app).anonymous().post('/admin/auth/token', {
      grant_type: 'password',
      username: email,
      password: 'correct horse battery',
    });
    expect(grant.status).toBe(200);
    return grant.body.access_token as string;
  }

  const ops = (token: string, reason?: string): { headers: Record<string, string> } => ({
    headers: { authorization: `Bearer ${token}`, ...(reason ? { 'x-access-reason': reason } : {}) },
  });

  /** Parks an audit record on audit.v1.dlq as a consumer that gave up on it would. */
  async function parkAuditRecord(firmId: string, consumerGroup: string, action: string): Promise<string> {
    const record: AuditRecordedV1 = {
      category: 'change',
      actorType: 'user',
      actorId: randomUUID(),
      action,
      at: new Date().toISOString(),
    };
    const envelope = createEnvelope({
      type: AuditRecordedV1.type,
      firmId,
      aggregateId: firmId,
      actor: { type: 'service', id: 'gateway' },
      correlationId: randomUUID(),
      data: record,
    });
    await producer.send({
      topic: dlqTopicOf(TOPIC),
      acks: -1,
      messages: [
        {
          key: firmId,
          value: JSON.stringify(envelope),
          headers: {
            [DLQ_HEADERS.originalTopic]: TOPIC,
            [DLQ_HEADERS.originalPartition]: '0',
            [DLQ_HEADERS.originalOffset]: '42',
            [DLQ_HEADERS.consumerGroup]: consumerGroup,
            [DLQ_HEADERS.error]: 'relation "audit_records" is locked (simulated outage)',
            [DLQ_HEADERS.errorKind]: 'transient',
            [DLQ_HEADERS.attempts]: '8',
            [DLQ_HEADERS.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
    return envelope.id;
  }

  async function letterOf(
    eventId: string,
  ): Promise<{ partition: number; offset: string; [field: string]: unknown }> {
    const listed = await serviceClient(app)
      .anonymous()
      .get(`/admin/dlq/${TOPIC}/letters?limit=200`, ops(auditorToken));
    expect(listed.status).toBe(200);
    const letter = (listed.body.items as Array<{ eventId: string; partition: number; offset: string }>).find(
      (item) => item.eventId === eventId,
    );
    if (!letter) throw new Error(`letter of ${eventId} not listed`);
    return letter;
  }

  /** Replays recorded for a letter since this file started (a reused database keeps other runs' rows). */
  async function replayRows(partition: number, offset: string): Promise<number> {
    return asOwner(async (owner) => {
      const rows = await owner.query(
        `SELECT count(*)::int AS n FROM dlq_replays
          WHERE dlq_topic = $1 AND dlq_partition = $2 AND dlq_offset = $3 AND replayed_at >= $4`,
        [dlqTopicOf(TOPIC), partition, offset, startedAt],
      );
      return (rows.rows[0] as { n: number }).n;
    });
  }

  it('lists parked letters with their consumer, error and a payload summary without the data', async () => {
    const firmId = randomUUID();
    const group = `${config.KAFKA_GROUP_PREFIX}admin-gateway.audit`;
    const eventId = await parkAuditRecord(firmId, group, 'secret-matter-name-xyz');

    const letter = await letterOf(eventId);
    expect(letter).toMatchObject({
      eventType: AuditRecordedV1.type,
      firmId,
      consumerGroup: group,
      service: 'admin-gateway',
      error: 'relation "audit_records" is locked (simulated outage)',
      errorKind: 'transient',
      attempts: 8,
      replayedAt: null,
    });
    expect(letter.payloadSummary).toContain('data {');
    expect(JSON.stringify(letter)).not.toContain('secret-matter-name-xyz');

    const summary = await serviceClient(app).anonymous().get('/admin/dlq', ops(auditorToken));
    expect(summary.status).toBe(200);
    const audit = (summary.body.items as Array<{ topic: string; letters: number; owner: string }>).find(
      (item) => item.topic === TOPIC,
    );
    expect(audit).toMatchObject({ dlqTopic: `${TOPIC}.dlq`, owner: 'gateway' });
    expect(audit!.letters).toBeGreaterThan(0);
    expect(summary.body.items).toHaveLength(Object.keys(TOPICS).length);

    const byService = await serviceClient(app)
      .anonymous()
      .get(`/admin/dlq/${TOPIC}/letters?limit=200&service=billing`, ops(auditorToken));
    expect(byService.status).toBe(200);
    expect(
      (byService.body.items as Array<{ eventId: string }>).some((item) => item.eventId === eventId),
    ).toBe(false);
  });

  it('replays a letter exactly once when twenty operators press replay at once, and the record is chained', async () => {
    const firmId = randomUUID();
    const eventId = await parkAuditRecord(
      firmId,
      `${config.KAFKA_GROUP_PREFIX}admin-gateway.audit`,
      'parked.then.replayed',
    );
    const { partition, offset } = await letterOf(eventId);
    const url = `/admin/dlq/${TOPIC}/letters/${partition}/${offset}/replay`;

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => serviceClient(app).anonymous().post(url, {}, ops(adminToken, REASON))),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const conflict = answers.find((answer) => answer.status === 409)!;
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    expect(conflict.body.code).toBe('dlq_letter_already_replayed');
    const won = answers.find((answer) => answer.status === 200)!;
    expect(won.body).toMatchObject({
      replayed: 1,
      letters: [{ partition, offset, eventId, targetTopic: TOPIC }],
    });
    expect(await replayRows(partition, offset)).toBe(1);

    // The letter went back to audit.v1, and the audit consumer chained it into the firm's trail.
    const store = app.get(AuditStore);
    const chained = await eventually(async () => {
      const page = await store.list(firmId);
      return page.items.find((item) => item.eventId === eventId);
    });
    expect(chained).toMatchObject({ action: 'parked.then.replayed' });
    expect((await letterOf(eventId)).replayedAt).not.toBeNull();

    // The replay itself is audited in the platform trail with the operator's reason.
    const recorded = await eventually(() =>
      asOwner(async (owner) => {
        await owner.query('BEGIN');
        await owner.query(`SELECT set_config('app.firm_id', $1, true)`, [PLATFORM_FIRM_ID]);
        const rows = await owner.query(
          `SELECT body FROM audit_records WHERE firm_id = $1 AND body->>'action' = 'dlq.letter.replayed'
             AND body->>'resourceId' = $2 AND body->'details'->>'eventId' = $3`,
          [PLATFORM_FIRM_ID, `${TOPIC}.dlq[${partition}]@${offset}`, eventId],
        );
        await owner.query('COMMIT');
        return rows.rows[0] as { body: { details: Record<string, unknown>; actorType: string } } | undefined;
      }),
    );
    expect(recorded.body.actorType).toBe('ops');
    expect(recorded.body.details).toMatchObject({ reason: REASON, eventId, firmId });
  });

  it('replays every pending letter of one consumer group, and a second replay sends none again', async () => {
    const firmId = randomUUID();
    const group = `test-dlq-${randomUUID().slice(0, 8)}`;
    const first = await parkAuditRecord(firmId, group, 'batch.one');
    const second = await parkAuditRecord(firmId, group, 'batch.two');
    await letterOf(second);

    const replayed = await serviceClient(app)
      .anonymous()
      .post(`/admin/dlq/${TOPIC}/replay`, { consumerGroup: group }, ops(adminToken, REASON));
    expect(replayed.status).toBe(200);
    expect(replayed.body.replayed).toBe(2);
    expect(
      (replayed.body.letters as Array<{ eventId: string }>).map((letter) => letter.eventId).sort(),
    ).toEqual([first, second].sort());
    const again = await serviceClient(app)
      .anonymous()
      .post(`/admin/dlq/${TOPIC}/replay`, { consumerGroup: group }, ops(adminToken, REASON));
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(0);

    const store = app.get(AuditStore);
    await eventually(async () => {
      const ids = (await store.list(firmId)).items.map((item) => item.eventId);
      return ids.includes(first) && ids.includes(second) ? ids : undefined;
    });
  });

  it('refuses a replay without a reason, by an auditor, or with bad input, and changes nothing', async () => {
    const eventId = await parkAuditRecord(
      randomUUID(),
      `test-dlq-${randomUUID().slice(0, 8)}`,
      'never.replayed',
    );
    const { partition, offset } = await letterOf(eventId);
    const client = serviceClient(app).anonymous();
    const url = `/admin/dlq/${TOPIC}/letters/${partition}/${offset}/replay`;

    const noReason = await client.post(url, {}, ops(adminToken));
    expect(noReason.status).toBe(400);
    expect(noReason.headers['content-type']).toContain('application/problem+json');
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'X-Access-Reason' })]);
    expect((await client.post(url, {}, ops(adminToken, 'short'))).status).toBe(400);
    expect((await client.post(url, {}, ops(auditorToken, REASON))).status).toBe(403);
    expect((await client.post(url, {}, {})).status).toBe(401);

    const badOffset = await client.post(
      `/admin/dlq/${TOPIC}/letters/${partition}/abc/replay`,
      {},
      ops(adminToken, REASON),
    );
    expect(badOffset.status).toBe(400);
    expect(badOffset.body.errors).toEqual([expect.objectContaining({ field: 'offset' })]);
    expect(
      (await client.post(`/admin/dlq/${TOPIC}/letters/-1/0/replay`, {}, ops(adminToken, REASON))).status,
    ).toBe(400);
    expect(
      (
        await client.post(
          `/admin/dlq/${TOPIC}/letters/${partition}/999999999999/replay`,
          {},
          ops(adminToken, REASON),
        )
      ).status,
    ).toBe(404);
    const unknownTopic = await client.post('/admin/dlq/no.such.topic.v1/replay', {}, ops(adminToken, REASON));
    expect(unknownTopic.status).toBe(404);
    expect(unknownTopic.headers['content-type']).toContain('application/problem+json');
    for (const body of [
      { consumerGroup: null },
      { consumerGroup: 42 },
      { consumerGroup: 'a b' },
      { other: 1 },
    ]) {
      const refused = await client.post(`/admin/dlq/${TOPIC}/replay`, body, ops(adminToken, REASON));
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
    }
    const badLimit = await client.get(`/admin/dlq/${TOPIC}/letters?limit=0`, ops(auditorToken));
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);

    expect(await replayRows(partition, offset)).toBe(0);
    expect((await letterOf(eventId)).replayedAt).toBeNull();
  });

  it("reports every service's readiness: ready, not ready with its failing check, unreachable, and itself", async () => {
    const health = await serviceClient(app).anonymous().get('/admin/health', ops(auditorToken));
    expect(health.status).toBe(200);
    const byService = Object.fromEntries(
      (health.body.items as Array<{ service: string; error: string | null }>).map((item) => [
        item.service,
        item,
      ]),
    );
    expect(byService['admin-gateway']).toMatchObject({
      status: 'ready',
      checks: { database: { status: 'up' }, broker: { status: 'up' } },
    });
    expect(byService.intake).toMatchObject({ status: 'ready', httpStatus: 200 });
    expect(byService.billing).toMatchObject({
      status: 'not-ready',
      httpStatus: 503,
      checks: { broker: { status: 'down' } },
    });
    expect(byService.docket).toMatchObject({ status: 'unreachable', httpStatus: null });
    expect(byService.docket.error).toEqual(expect.any(String));
    expect((await serviceClient(app).anonymous().get('/admin/health')).status).toBe(401);
  });
});
