/**
 * Webhooks end to end inside the gateway (issue 16): the gateway boots in this process against the
 * test PostgreSQL and Kafka, events are published to the real broker as the services would, and a
 * local HTTP receiver stands in for a firm's endpoint. Signatures are checked by an independent
 * implementation (Python's hmac module), not by the gateway's signer.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { hostname } from 'node:os';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { loadSigningKey, TokenIssuer, type Actor, type FirmRole } from '@lawfirm/auth';
import {
  createEnvelope,
  MatterClosedV1,
  MatterOpenedV1,
  MatterUpdatedV1,
  type EventEnvelope,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { ValidationFailedError } from '@lawfirm/errors';
import { createServiceApp, LOGGER } from '@lawfirm/platform';
import {
  eventually,
  newCaller,
  publishMatter,
  serviceTestEnv,
  testKeys,
  testProducer,
  type TestCaller,
} from '@lawfirm/testing';
import { gatewayOptions } from '../main';
import { DeliveryWorker } from './delivery-worker';
import { SecretBox } from './secret-box';
import { WebhookSender } from './webhook-sender';
import { WEBHOOK_SETTINGS, WebhooksService, type WebhookSettings } from './webhooks.service';

jest.setTimeout(180_000);

const NOWHERE = 'http://127.0.0.1:9';
const RETRY_BASE_MS = 300;
/**
 * Long enough that a retry is never given up because the machine stalled: a CI run at full load
 * took over 2.5 s between the first and third attempt of a 300/600 ms back-off and the delivery
 * ended failed instead of succeeded.
 */
const RETRY_WINDOW_MS = 10_000;
const DISABLE_GRACE_MS = 1500;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response shapes
  body: any;
  contentType: string | undefined;
}

/** Checks `v1=` signatures the way a receiver would, with Python's hmac (not the gateway's code). */
function pythonValidSecrets(
  secrets: string[],
  timestamp: string,
  body: string,
  signatureHeader: string,
): boolean[] {
  const script = [
    'import hmac, hashlib, json, sys',
    'd = json.load(sys.stdin)',
    "given = [p[3:] for p in d['header'].split(' ') if p.startswith('v1=')]",
    "msg = (d['timestamp'] + '.' + d['body']).encode()",
    "print(json.dumps([any(hmac.compare_digest(hmac.new(s.encode(), msg, hashlib.sha256).hexdigest(), g) for g in given) for s in d['secrets']]))",
  ].join('\n');
  const output = execFileSync('python3', ['-c', script], {
    input: JSON.stringify({ secrets, timestamp, body, header: signatureHeader }),
  });
  return JSON.parse(output.toString()) as boolean[];
}

describe('Webhooks', () => {
  let gateway: NestFastifyApplication;
  let receiver: Server;
  let receiverUrl: string;
  let producer: Producer;
  let issuer: TokenIssuer;
  const received: Received[] = [];
  const hits = new Map<string, number>();

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        received.push({
          path,
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
          at: Date.now(),
        });
        const count = (hits.get(path) ?? 0) + 1;
        hits.set(path, count);
        if (path.startsWith('/fail/')) return response.writeHead(500).end('endpoint is down');
        if (path.startsWith('/flaky/') && count <= 2) return response.writeHead(503).end('x'.repeat(5000));
        if (path.startsWith('/redirect/'))
          return response.writeHead(302, { location: `${receiverUrl}/ok/redirected` }).end();
        response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    if (!address || typeof address === 'string') throw new Error('receiver has no port');
    receiverUrl = `http://127.0.0.1:${address.port}`;

    const env = serviceTestEnv('gateway', {
      GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey,
      INTAKE_URL: NOWHERE,
      TIMEKEEPING_URL: NOWHERE,
      BILLING_URL: NOWHERE,
      DOCKET_URL: NOWHERE,
      DOCUMENT_URL: NOWHERE,
      ADMIN_GATEWAY_URL: NOWHERE,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
      WEBHOOK_RETRY_MAX_DELAY_MS: '600',
      WEBHOOK_RETRY_WINDOW_MS: String(RETRY_WINDOW_MS),
      WEBHOOK_DISABLE_GRACE_MS: String(DISABLE_GRACE_MS),
      WEBHOOK_POLL_INTERVAL_MS: '50',
      WEBHOOK_TIMEOUT_MS: '3000',
    });
    gateway = await createServiceApp(await gatewayOptions(env));
    await gateway.init();
    await gateway.startAllMicroservices();
    await gateway.getHttpAdapter().getInstance().ready();
    issuer = new TokenIssuer(await loadSigningKey(testKeys().gatewaySigningKey), 'lawfirm-gateway');
    producer = await testProducer();

    // The webhooks group starts at the newest events: publish until one is taken, so the group has
    // its partitions and nothing a test publishes later is missed.
    const probe = newCaller({ roles: ['firm-admin'] });
    const created = await api(probe, 'POST', '/v1/webhooks', {
      url: `${receiverUrl}/ok/probe-${randomUUID()}`,
      eventTypes: [MatterOpenedV1.type],
    });
    expect(created.status).toBe(201);
    await eventually(async () => {
      await publishMatter(producer, probe.firmId);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const deliveries = await api(probe, 'GET', `/v1/webhooks/${created.body.id}/deliveries`);
      return deliveries.body.items.length > 0 ? true : undefined;
    }, 120_000);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await gateway?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function api(caller: TestCaller, method: string, url: string, payload?: unknown): Promise<Answer> {
    const token = await issuer.sign(
      'lawfirm-api',
      { firmId: caller.firmId, subject: caller.subject, actorType: 'user', roles: caller.roles, scopes: [] },
      300,
    );
    const response = await gateway.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined
        ? {}
        : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
    let body: unknown = response.body;
    try {
      body = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      body = response.body;
    }
    return { status: response.statusCode, body, contentType: response.headers['content-type'] as string };
  }

  const admin = (): TestCaller => newCaller({ roles: ['firm-admin'] });

  async function subscribe(
    caller: TestCaller,
    path: string,
    eventTypes: string[],
  ): Promise<{ id: string; secret: string; url: string }> {
    const url = `${receiverUrl}${path}`;
    const answer = await api(caller, 'POST', '/v1/webhooks', { url, eventTypes });
    expect(answer.status).toBe(201);
    return { id: answer.body.id as string, secret: answer.body.secret as string, url };
  }

  const at = (path: string): Received[] => received.filter((request) => request.path === path);

  async function deliveriesOf(caller: TestCaller, id: string): Promise<Answer['body'][]> {
    const answer = await api(caller, 'GET', `/v1/webhooks/${id}/deliveries?limit=200`);
    expect(answer.status).toBe(200);
    return answer.body.items as Answer['body'][];
  }

  /** The gateway's outbox rows of `type` for the firm (notices and audit records it committed). */
  async function outboxOf(firmId: string, type: string): Promise<EventEnvelope[]> {
    const rows = await withTenant(gateway.get(DataSource), firmId, (manager) =>
      manager.query(`SELECT envelope FROM outbox WHERE envelope->>'type' = $1 ORDER BY created_at, id`, [
        type,
      ]),
    );
    return (rows as Array<{ envelope: EventEnvelope }>).map((row) => row.envelope);
  }

  it('lists the event catalogue with payload schemas, without the audit stream', async () => {
    const answer = await api(admin(), 'GET', '/v1/webhooks/event-types');

    expect(answer.status).toBe(200);
    const types = (answer.body.items as Array<{ type: string }>).map((item) => item.type);
    expect(types).toContain(MatterOpenedV1.type);
    expect(types).not.toContain('audit.recorded');
    const opened = (
      answer.body.items as Array<{ type: string; payloadSchema: { properties: object; required: string[] } }>
    ).find((item) => item.type === MatterOpenedV1.type);
    expect(opened?.payloadSchema.properties).toHaveProperty('matterId');
    expect(opened?.payloadSchema.required).toContain('matterId');
  });

  it('delivers a subscribed event once, signed so that an independent HMAC check verifies it', async () => {
    const caller = admin();
    const path = `/ok/${randomUUID()}`;
    const webhook = await subscribe(caller, path, [MatterOpenedV1.type]);
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const matterId = await publishMatter(producer, caller.firmId);
    const [request] = await eventually(async () => (at(path).length ? at(path) : undefined));
    if (!request) throw new Error('nothing received');

    const timestamp = String(request.headers['webhook-timestamp']);
    const signature = String(request.headers['webhook-signature']);
    expect(
      pythonValidSecrets([webhook.secret, 'whsec_not-the-secret'], timestamp, request.body, signature),
    ).toEqual([true, false]);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: MatterOpenedV1.type,
      firmId: caller.firmId,
      aggregateId: matterId,
      sequence: 1,
    });
    expect(body.data).toMatchObject({ matterId });

    // The same event again (a redelivery) and an unsubscribed type: neither is sent.
    const deliveries = await eventually(async () => {
      const items = await deliveriesOf(caller, webhook.id);
      return items.length === 1 && items[0].status === 'succeeded' ? items : undefined;
    });
    const [event] = await withTenant(gateway.get(DataSource), caller.firmId, (manager) =>
      manager.query(`SELECT envelope FROM webhook_events WHERE id = $1`, [deliveries[0].eventId]),
    );
    await producer.send({
      topic: 'intake.matter.v1',
      messages: [{ key: matterId, value: JSON.stringify((event as { envelope: EventEnvelope }).envelope) }],
    });
    await publishMatter(producer, caller.firmId, { type: MatterClosedV1.type, matterId, status: 'closed' });
    const marker = await publishMatter(producer, caller.firmId);
    await eventually(async () =>
      at(path).some((r) => (JSON.parse(r.body) as { aggregateId: string }).aggregateId === marker)
        ? true
        : undefined,
    );
    expect(
      at(path).map((r) => (JSON.parse(r.body) as { aggregateId: string; type: string }).aggregateId),
    ).toEqual([matterId, marker]);
    expect(request.headers['webhook-id']).toBe(deliveries[0].id);
  });

  it("numbers an aggregate's events so a receiver can order them", async () => {
    const caller = admin();
    const path = `/ok/${randomUUID()}`;
    const webhook = await subscribe(caller, path, [
      MatterOpenedV1.type,
      MatterUpdatedV1.type,
      MatterClosedV1.type,
    ]);
    const matterId = randomUUID();

    await publishMatter(producer, caller.firmId, { matterId });
    await publishMatter(producer, caller.firmId, { type: MatterUpdatedV1.type, matterId });
    await publishMatter(producer, caller.firmId, { type: MatterClosedV1.type, matterId, status: 'closed' });
    const other = await publishMatter(producer, caller.firmId);

    const bodies = await eventually(async () => (at(path).length === 4 ? at(path) : undefined));
    const byAggregate = bodies
      .map((r) => JSON.parse(r.body) as { aggregateId: string; type: string; sequence: number })
      .filter((b) => b.aggregateId === matterId)
      .sort((a, b) => a.sequence - b.sequence);
    expect(byAggregate.map((b) => [b.sequence, b.type])).toEqual([
      [1, MatterOpenedV1.type],
      [2, MatterUpdatedV1.type],
      [3, MatterClosedV1.type],
    ]);
    const otherBody = bodies
      .map((r) => JSON.parse(r.body) as { aggregateId: string; sequence: number })
      .find((b) => b.aggregateId === other);
    expect(otherBody?.sequence).toBe(1);
    expect((await deliveriesOf(caller, webhook.id)).length).toBe(4);
  });

  it('retries a failing endpoint with back-off and keeps every attempt with its answer', async () => {
    const caller = admin();
    const path = `/flaky/${randomUUID()}`;
    const webhook = await subscribe(caller, path, [MatterOpenedV1.type]);

    await publishMatter(producer, caller.firmId);
    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(caller, webhook.id);
      return items[0]?.status === 'succeeded' ? items : undefined;
    });

    const detail = await api(caller, 'GET', `/v1/webhooks/${webhook.id}/deliveries/${delivery.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.attempts).toBe(3);
    const log = detail.body.attemptLog as Array<{
      attempt: number;
      outcome: string;
      responseStatus: number;
      responseExcerpt: string;
      durationMs: number;
      startedAt: string;
    }>;
    expect(log.map((a) => [a.attempt, a.outcome, a.responseStatus])).toEqual([
      [1, 'failed', 503],
      [2, 'failed', 503],
      [3, 'succeeded', 200],
    ]);
    expect(log[0]?.responseExcerpt).toBe('x'.repeat(1024));
    expect(log[2]?.responseExcerpt).toBe('thanks');
    for (const attempt of log) expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    const starts = log.map((a) => Date.parse(a.startedAt));
    // Each retry waits at least the jittered base (0.8 × base); a single instance doubles it each time.
    expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(0.8 * RETRY_BASE_MS - 5);
    expect((starts[2] ?? 0) - (starts[1] ?? 0)).toBeGreaterThanOrEqual(0.8 * RETRY_BASE_MS - 5);
    // The same signed body every time, each attempt numbered.
    expect(new Set(at(path).map((r) => r.body)).size).toBe(1);
    expect(at(path).map((r) => r.headers['webhook-attempt'])).toEqual(['1', '2', '3']);
  });

  it('sends each delivery once while several workers claim side by side', async () => {
    const caller = admin();
    const path = `/ok/${randomUUID()}`;
    const webhook = await subscribe(caller, path, [MatterOpenedV1.type]);
    const settings = gateway.get<WebhookSettings>(WEBHOOK_SETTINGS);
    const extraWorkers = [1, 2].map(
      () =>
        new DeliveryWorker(gateway.get(DataSource), gateway.get(SecretBox), settings, gateway.get(LOGGER)),
    );
    let racing = true;
    const loops = extraWorkers.map(async (worker) => {
      while (racing)
        if ((await worker.deliverDue()) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    });
    const events = Array.from({ length: 40 }, () => {
      const matterId = randomUUID();
      return createEnvelope({
        type: MatterOpenedV1.type,
        firmId: caller.firmId,
        aggregateId: matterId,
        actor: { type: 'service', id: 'intake' },
        correlationId: randomUUID(),
        data: {
          matterId,
          clientId: randomUUID(),
          number: '2026-0001',
          title: 'Race',
          status: 'open',
          changedAt: new Date().toISOString(),
        },
      });
    });
    await producer.send({
      topic: 'intake.matter.v1',
      messages: events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    });

    try {
      const deliveries = await eventually(async () => {
        const items = await deliveriesOf(caller, webhook.id);
        return items.length === 40 && items.every((d) => d.status === 'succeeded') ? items : undefined;
      });
      expect(deliveries.map((d) => d.attempts)).toEqual(Array(40).fill(1));
    } finally {
      racing = false;
      await Promise.all(loops);
    }
    const ids = at(path).map((r) => String(r.headers['webhook-id']));
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('does not follow a redirect: only the registered URL is called', async () => {
    const caller = admin();
    const path = `/redirect/${randomUUID()}`;
    const webhook = await subscribe(caller, path, [MatterOpenedV1.type]);
    const before = at('/ok/redirected').length;

    await publishMatter(producer, caller.firmId);
    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(caller, webhook.id);
      return items[0]?.attempts >= 1 ? items : undefined;
    });

    expect(delivery.lastResponseStatus).toBe(302);
    expect(delivery.status).not.toBe('succeeded');
    expect(at('/ok/redirected').length).toBe(before);
    await api(caller, 'DELETE', `/v1/webhooks/${webhook.id}`);
  });

  it("tells the firm's admins before it disables an endpoint that failed for the whole retry window", async () => {
    const caller = admin();
    const path = `/fail/${randomUUID()}`;
    const webhook = await subscribe(caller, path, [MatterOpenedV1.type]);

    await publishMatter(producer, caller.firmId);
    const failing = await eventually(async () => {
      const answer = await api(caller, 'GET', `/v1/webhooks/${webhook.id}`);
      return answer.body.status === 'failing' ? answer.body : undefined;
    });
    const [notice] = await outboxOf(caller.firmId, 'gateway.webhook.endpoint-failing');
    expect(notice?.data).toMatchObject({
      subscriptionId: webhook.id,
      url: webhook.url,
      notify: 'firm-admins',
      lastResponseStatus: 500,
    });
    expect(failing.disableAt).toBeTruthy();
    const [delivery] = await deliveriesOf(caller, webhook.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toBeGreaterThanOrEqual(2);

    const disabled = await eventually(async () => {
      const answer = await api(caller, 'GET', `/v1/webhooks/${webhook.id}`);
      return answer.body.status === 'disabled' ? answer.body : undefined;
    });
    const [disabledNotice] = await outboxOf(caller.firmId, 'gateway.webhook.endpoint-disabled');
    expect(disabledNotice?.data).toMatchObject({ subscriptionId: webhook.id, notify: 'firm-admins' });
    expect(Date.parse(notice?.occurredAt ?? '')).toBeLessThanOrEqual(
      Date.parse(disabled.disabledAt as string),
    );
    expect(
      Date.parse(disabled.disabledAt as string) - Date.parse(notice?.occurredAt ?? ''),
    ).toBeGreaterThanOrEqual(DISABLE_GRACE_MS - 50);
    const actions = (await outboxOf(caller.firmId, 'audit.recorded')).map(
      (e) => (e.data as { action: string }).action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['webhook.created', 'webhook.failing', 'webhook.disabled']),
    );

    // Nothing more is enqueued for a disabled endpoint.
    const calls = at(path).length;
    await publishMatter(producer, caller.firmId);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await deliveriesOf(caller, webhook.id)).toHaveLength(1);
    expect(at(path).length).toBe(calls);
  });

  it('replays from a point in time as new deliveries of the same events', async () => {
    const caller = admin();
    const path = `/ok/${randomUUID()}`;
    const webhook = await subscribe(caller, path, [MatterOpenedV1.type]);
    const matters: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      matters.push(await publishMatter(producer, caller.firmId));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const first = await eventually(async () => (at(path).length === 3 ? at(path) : undefined));
    const bodies = first.map(
      (r) => JSON.parse(r.body) as { aggregateId: string; occurredAt: string; eventId: string },
    );
    const second = bodies.find((b) => b.aggregateId === matters[1]);
    if (!second) throw new Error('second event not delivered');

    const replay = await api(caller, 'POST', `/v1/webhooks/${webhook.id}/replay`, {
      since: second.occurredAt,
    });
    expect(replay.status).toBe(202);
    expect(replay.body.enqueued).toBe(2);

    const all = await eventually(async () => (at(path).length === 5 ? at(path) : undefined));
    const replayed = all.slice(3).map((r) => JSON.parse(r.body) as { aggregateId: string; eventId: string });
    expect(replayed.map((b) => b.aggregateId).sort()).toEqual([matters[1], matters[2]].sort());
    expect(new Set(all.map((r) => r.headers['webhook-id'])).size).toBe(5);
    const deliveries = await deliveriesOf(caller, webhook.id);
    expect(deliveries.filter((d) => d.replayId === replay.body.replayId)).toHaveLength(2);

    const backwards = await api(caller, 'POST', `/v1/webhooks/${webhook.id}/replay`, {
      since: '2026-01-02T00:00:00Z',
      until: '2026-01-01T00:00:00Z',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'until' })]);
  });

  it('rotates the secret with an overlap: both secrets sign during it, only the new one after', async () => {
    const caller = admin();
    const path = `/ok/${randomUUID()}`;
    const webhook = await subscribe(caller, path, [MatterOpenedV1.type]);

    const rotated = await api(caller, 'POST', `/v1/webhooks/${webhook.id}/rotate-secret`, {
      overlapSeconds: 3600,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(webhook.secret);
    expect(rotated.body.previousSecretExpiresAt).toBeTruthy();
    await publishMatter(producer, caller.firmId);
    const [during] = await eventually(async () => (at(path).length === 1 ? at(path) : undefined));
    if (!during) throw new Error('nothing received');
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(
      pythonValidSecrets(
        [webhook.secret, rotated.body.secret as string],
        String(during.headers['webhook-timestamp']),
        during.body,
        String(during.headers['webhook-signature']),
      ),
    ).toEqual([true, true]);

    const final = await api(caller, 'POST', `/v1/webhooks/${webhook.id}/rotate-secret`, {
      overlapSeconds: 0,
    });
    await publishMatter(producer, caller.firmId);
    const after = (await eventually(async () => (at(path).length === 2 ? at(path) : undefined)))[1];
    if (!after) throw new Error('nothing received');
    expect(
      pythonValidSecrets(
        [rotated.body.secret as string, final.body.secret as string],
        String(after.headers['webhook-timestamp']),
        after.body,
        String(after.headers['webhook-signature']),
      ),
    ).toEqual([false, true]);
  });

  it("answers 404 on every route to another firm's webhook and lists none of them", async () => {
    const owner = admin();
    const path = `/ok/${randomUUID()}`;
    const webhook = await subscribe(owner, path, [MatterOpenedV1.type]);
    await publishMatter(producer, owner.firmId);
    const [delivery] = await eventually(async () => {
      const items = await deliveriesOf(owner, webhook.id);
      return items.length ? items : undefined;
    });
    const stranger = admin();
    const base = `/v1/webhooks/${webhook.id}`;

    const answers = await Promise.all([
      api(stranger, 'GET', base),
      api(stranger, 'PATCH', base, { description: 'mine now' }),
      api(stranger, 'DELETE', base),
      api(stranger, 'POST', `${base}/rotate-secret`, {}),
      api(stranger, 'POST', `${base}/replay`, { since: '2026-01-01T00:00:00Z' }),
      api(stranger, 'GET', `${base}/deliveries`),
      api(stranger, 'GET', `${base}/deliveries/${delivery.id}`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    for (const answer of answers) expect(answer.contentType).toMatch(/application\/problem\+json/);
    expect((await api(stranger, 'GET', '/v1/webhooks')).body.items).toEqual([]);
    // The owner's webhook is as it was.
    const own = await api(owner, 'GET', base);
    expect(own.body).toMatchObject({ description: null, status: 'active' });
    // Another webhook of the owner's firm does not reach this one's deliveries either.
    const sibling = await subscribe(owner, `/ok/${randomUUID()}`, [MatterOpenedV1.type]);
    expect((await api(owner, 'GET', `/v1/webhooks/${sibling.id}/deliveries/${delivery.id}`)).status).toBe(
      404,
    );
  });

  it('refuses callers who are not firm admins', async () => {
    const attorney = newCaller({ roles: ['attorney', 'billing'] as FirmRole[] });
    const created = await api(attorney, 'POST', '/v1/webhooks', {
      url: `${receiverUrl}/ok/${randomUUID()}`,
      eventTypes: [MatterOpenedV1.type],
    });
    expect(created.status).toBe(403);
    expect((await api(attorney, 'GET', '/v1/webhooks')).status).toBe(403);
    expect((await api(admin(), 'GET', '/v1/webhooks')).status).toBe(200);
  });

  it('refuses bad input with a field-level problem and changes nothing', async () => {
    const caller = admin();
    const good = { url: `${receiverUrl}/ok/${randomUUID()}`, eventTypes: [MatterOpenedV1.type] };
    const cases: Array<[unknown, string]> = [
      [{ eventTypes: good.eventTypes }, 'url'],
      [{ ...good, url: 'ftp://example.com/hook' }, 'url'],
      [{ ...good, url: 'https://user:pass@example.com/hook' }, 'url'],
      [{ ...good, url: 'not a url' }, 'url'],
      [{ ...good, url: null }, 'url'],
      [{ ...good, url: `${good.url}\u0000` }, 'url'],
      [{ ...good, eventTypes: [] }, 'eventTypes'],
      [{ ...good, eventTypes: ['audit.recorded'] }, 'eventTypes'],
      [{ ...good, eventTypes: ['intake.matter.opened', 'intake.matter.opened'] }, 'eventTypes'],
      [{ ...good, eventTypes: null }, 'eventTypes'],
      [{ ...good, eventTypes: 'intake.matter.opened' }, 'eventTypes'],
      [{ ...good, description: null }, 'description'],
      [{ ...good, description: 'half a pair \ud800' }, 'description'],
      [{ ...good, secret: 'mine' }, 'secret'],
    ];
    for (const [payload, field] of cases) {
      const answer = await api(caller, 'POST', '/v1/webhooks', payload);
      expect({ payload, status: answer.status, contentType: answer.contentType }).toEqual({
        payload,
        status: 400,
        contentType: expect.stringMatching(/application\/problem\+json/),
      });
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const notJson = await api(caller, 'POST', '/v1/webhooks', '[1, 2');
    expect(notJson.status).toBe(400);
    expect((await api(caller, 'GET', '/v1/webhooks')).body.items).toEqual([]);

    const webhook = await subscribe(caller, `/ok/${randomUUID()}`, [MatterOpenedV1.type]);
    for (const [payload, field] of [
      [{ url: null }, 'url'],
      [{ enabled: 'yes' }, 'enabled'],
      [{ eventTypes: ['nope'] }, 'eventTypes'],
    ] as Array<[unknown, string]>) {
      const answer = await api(caller, 'PATCH', `/v1/webhooks/${webhook.id}`, payload);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    for (const [payload, field] of [
      [{ overlapSeconds: -1 }, 'overlapSeconds'],
      [{ overlapSeconds: null }, 'overlapSeconds'],
    ] as Array<[unknown, string]>) {
      const answer = await api(caller, 'POST', `/v1/webhooks/${webhook.id}/rotate-secret`, payload);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    // A JSON null where the body is optional is no body's "change nothing" (the API fuzzer's finding).
    for (const [method, url] of [
      ['PATCH', `/v1/webhooks/${webhook.id}`],
      ['POST', `/v1/webhooks/${webhook.id}/rotate-secret`],
    ]) {
      const answer = await api(caller, method!, url!, 'null');
      expect({ method, status: answer.status }).toEqual({ method, status: 400 });
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    }
    for (const payload of [{}, { since: 'yesterday' }, { since: null }, { since: '0000-01-01T00:00:00Z' }]) {
      const answer = await api(caller, 'POST', `/v1/webhooks/${webhook.id}/replay`, payload);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'since' })]),
      );
    }
    expect((await api(caller, 'GET', '/v1/webhooks/not-a-uuid')).status).toBe(404);
    const after = await api(caller, 'GET', `/v1/webhooks/${webhook.id}`);
    expect(after.body).toMatchObject({
      url: webhook.url,
      eventTypes: [MatterOpenedV1.type],
      status: 'active',
    });
    expect((await api(caller, 'GET', '/v1/webhooks')).body.items).toHaveLength(1);
  });

  it('makes one webhook of twenty identical concurrent requests', async () => {
    const caller = admin();
    const payload = { url: `${receiverUrl}/ok/${randomUUID()}`, eventTypes: [MatterOpenedV1.type] };

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api(caller, 'POST', '/v1/webhooks', payload)),
    );

    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => [a.status, a.body.code])).toEqual(Array(19).fill([409, 'webhook_url_taken']));
    expect((await api(caller, 'GET', '/v1/webhooks')).body.items).toHaveLength(1);
    const created = (await outboxOf(caller.firmId, 'audit.recorded')).filter(
      (e) => (e.data as { action: string }).action === 'webhook.created',
    );
    expect(created).toHaveLength(1);
  });

  describe('where private addresses are refused (production)', () => {
    let production: WebhooksService;
    let sender: WebhookSender;

    beforeAll(() => {
      const settings = gateway.get<WebhookSettings>(WEBHOOK_SETTINGS);
      production = new WebhooksService(gateway.get(DataSource), gateway.get(SecretBox), {
        ...settings,
        allowPrivateTargets: false,
      });
      sender = new WebhookSender(false, 2000);
    });

    afterAll(() => sender.close());

    it.each([
      'http://127.0.0.1/hook',
      'http://localhost/hook',
      'http://api.localhost/hook',
      'http://localhost./hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://192.168.0.10/hook',
      'http://172.16.5.4/hook',
      'http://0x7f000001/hook',
      'http://2130706433/hook',
      'http://0.0.0.0/hook',
    ])('refuses to subscribe %s', async (url) => {
      const actor: Actor = {
        firmId: randomUUID(),
        subject: randomUUID(),
        actorType: 'user',
        roles: ['firm-admin'],
        scopes: [],
        requestId: randomUUID(),
        correlationId: randomUUID(),
      };
      const refusal = production.create(actor, { url, eventTypes: [MatterOpenedV1.type] });
      await expect(refusal).rejects.toBeInstanceOf(ValidationFailedError);
      await expect(refusal).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'url' })],
      });
      expect((await production.list(actor)).items).toEqual([]);
    });

    it('refuses at connect time a host name that resolves to a private address, and sends nothing', async () => {
      const name = hostname();
      const addresses = await lookup(name, { all: true });
      // The machine's own name resolves to this machine (loopback or a private address): the case under test.
      expect(addresses.length).toBeGreaterThan(0);
      const port = new URL(receiverUrl).port;
      const path = `/ok/${randomUUID()}`;

      const result = await sender.send(`http://${name}:${port}${path}`, '{}', {});

      expect(result.status).toBeUndefined();
      expect(result.error).toMatch(/private|loopback|link-local|reserved/);
      expect(at(path)).toEqual([]);
      const literal = await sender.send(`${receiverUrl}${path}`, '{}', {});
      expect(literal.error).toMatch(/^refused: /);
      expect(at(path)).toEqual([]);
    });
  });
});
