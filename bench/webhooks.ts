/**
 * Webhook deliveries per second to a local receiver (issue 16), against bare HTTP posts of the same
 * bodies to the same receiver in the same run.
 *
 * Platform: BENCH_DELIVERIES deliveries are enqueued as the webhooks consumer enqueues them (event
 * row + delivery row, across BENCH_FIRMS firms, one subscription each); then the gateway's
 * DeliveryWorker drains them as it runs in the gateway: claim a batch (FOR UPDATE SKIP LOCKED with a
 * lease), decrypt the secret, sign (HMAC-SHA256), POST over keep-alive, record the attempt and the
 * delivery's outcome in the firm's transaction. Baseline: the same number of POSTs of the same
 * bodies with the same concurrency over a keep-alive agent, nothing else.
 *
 *   npm run bench:webhooks
 *
 * Knobs (env): BENCH_DELIVERIES (5000), BENCH_FIRMS (10), BENCH_CONCURRENCY (16, the gateway's
 * WEBHOOK_CONCURRENCY default), BENCH_PG_PORT.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, Agent, request, type Server } from 'node:http';
import { DataSource } from 'typeorm';
import { MatterOpenedV1, createEnvelope } from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import { startPostgres } from '@lawfirm/dev-postgres';
import { migrateAll, postgresDataDir } from '@lawfirm/dev-stack';
import { createLogger } from '@lawfirm/observability';
import { ENTITIES } from '../services/gateway/src/database';
import { DeliveryWorker } from '../services/gateway/src/webhooks/delivery-worker';
import { newWebhookSecret, SecretBox } from '../services/gateway/src/webhooks/secret-box';
import type { WebhookSettings } from '../services/gateway/src/webhooks/webhooks.service';
import { BENCH_PG_PORT, log, machineLine, printTable } from './support';

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 5000);
const FIRMS = Number(process.env.BENCH_FIRMS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

/** A receiver that answers 204 at once, counting what it got. */
async function startReceiver(): Promise<{ server: Server; url: string; received: () => number }> {
  let received = 0;
  const server = createServer((incoming, response) => {
    incoming.resume();
    incoming.on('end', () => {
      received += 1;
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('receiver has no port');
  return { server, url: `http://127.0.0.1:${address.port}`, received: () => received };
}

/** Bare HTTP: the same bodies, `CONCURRENCY` at a time, keep-alive, no signing or database. */
async function barePosts(url: string, bodies: string[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(url);
  let next = 0;
  const post = (body: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next];
        next += 1;
        if (body !== undefined) await post(body);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return bodies.length / seconds;
}

/** Enqueues `DELIVERIES` deliveries as the consumer would; returns the bodies' sizes for the baseline. */
async function enqueue(
  dataSource: DataSource,
  box: SecretBox,
  receiverUrl: string,
  firmIds: string[],
): Promise<string[]> {
  const bodies: string[] = [];
  const perFirm = Math.ceil(DELIVERIES / FIRMS);
  for (let firm = 0; firm < FIRMS; firm += 1) {
    const firmId = randomUUID();
    firmIds.push(firmId);
    const subscriptionId = randomUUID();
    await withTenant(dataSource, firmId, async (manager) => {
      await manager.query(
        `INSERT INTO webhook_subscriptions (firm_id, id, url, event_types, status, secret_ciphertext)
         VALUES ($1, $2, $3, $4, 'active', $5)`,
        [
          firmId,
          subscriptionId,
          `${receiverUrl}/firm-${firm}`,
          [MatterOpenedV1.type],
          box.seal(newWebhookSecret(), subscriptionId),
        ],
      );
      const events = Array.from({ length: Math.min(perFirm, DELIVERIES - firm * perFirm) }, () => {
        const matterId = randomUUID();
        return createEnvelope<MatterOpenedV1>({
          type: MatterOpenedV1.type,
          firmId,
          aggregateId: matterId,
          actor: { type: 'user', id: 'bench' },
          correlationId: randomUUID(),
          data: {
            matterId,
            clientId: randomUUID(),
            number: '2026-0001',
            title: 'Webhook bench matter',
            status: 'open',
            changedAt: new Date().toISOString(),
          } as MatterOpenedV1,
        });
      });
      for (const event of events) bodies.push(JSON.stringify({ ...event, sequence: 1 }));
      await manager.query(
        `INSERT INTO webhook_events (firm_id, id, type, topic, aggregate_id, sequence, occurred_at, envelope)
         SELECT $1, (e->>'id')::uuid, e->>'type', 'intake.matter.v1', e->>'aggregateId', 1, (e->>'occurredAt')::timestamptz, e
         FROM jsonb_array_elements($2::jsonb) AS e`,
        [firmId, JSON.stringify(events)],
      );
      await manager.query(
        `INSERT INTO webhook_deliveries (firm_id, id, subscription_id, event_id, status, next_attempt_at)
         SELECT firm_id, gen_random_uuid(), $2, id, 'pending', now() FROM webhook_events WHERE firm_id = $1`,
        [firmId, subscriptionId],
      );
    });
  }
  return bodies;
}

async function main(): Promise<void> {
  log(machineLine());
  const pg = await startPostgres({
    port: BENCH_PG_PORT,
    dataDir: postgresDataDir(`bench-webhooks-${BENCH_PG_PORT}`),
    quiet: true,
  });
  const receiver = await startReceiver();
  const dataSource = new DataSource({
    type: 'postgres',
    url: pg.appUrl('gateway'),
    entities: ENTITIES,
    applicationName: 'bench-webhooks',
    extra: { max: 20 },
  });
  try {
    await migrateAll(pg, () => undefined);
    await dataSource.initialize();
    const box = SecretBox.fromConfig(undefined, 'bench-signing-key');
    const firmIds: string[] = [];
    const bodies = await enqueue(dataSource, box, receiver.url, firmIds);
    log(`enqueued ${bodies.length} deliveries for ${FIRMS} firms; receiver ${receiver.url}`);

    // Baseline first, then the worker, then the baseline again: the ratio uses their mean.
    const bareBefore = await barePosts(`${receiver.url}/bare`, bodies);
    const settings: WebhookSettings = {
      allowPrivateTargets: true,
      retryBaseMs: 30_000,
      retryMaxDelayMs: 6 * 3600_000,
      retryWindowMs: 3 * 24 * 3600_000,
      disableGraceMs: 24 * 3600_000,
      timeoutMs: 10_000,
      pollIntervalMs: 500,
      concurrency: CONCURRENCY,
    };
    const worker = new DeliveryWorker(dataSource, box, settings, createLogger('bench-webhooks', 'warn'));
    const receivedBefore = receiver.received();
    const started = performance.now();
    let sent = 0;
    while (sent < bodies.length) {
      const batch = await worker.deliverDue();
      if (batch === 0) break;
      sent += batch;
    }
    const workerSeconds = (performance.now() - started) / 1000;
    const delivered = receiver.received() - receivedBefore;
    const bareAfter = await barePosts(`${receiver.url}/bare`, bodies);

    // The worker's own cross-firm scope: row-level security shows an app connection nothing without it.
    const [counts] = (await withScope(dataSource, 'webhook-delivery', (manager) =>
      manager.query(
        `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
                (SELECT count(*)::int FROM webhook_delivery_attempts WHERE firm_id = ANY ($1)) AS attempts
         FROM webhook_deliveries WHERE firm_id = ANY ($1)`,
        [firmIds],
      ),
    )) as Array<{ succeeded: number; attempts: number }>;
    const deliveriesPerSecond = sent / workerSeconds;
    const bare = (bareBefore + bareAfter) / 2;
    printTable([
      ['path', 'deliveries', 'per second', 'ratio to bare'],
      ['bare HTTP POST (before)', String(bodies.length), bareBefore.toFixed(0), ''],
      [
        'gateway delivery worker',
        String(sent),
        deliveriesPerSecond.toFixed(0),
        (deliveriesPerSecond / bare).toFixed(2),
      ],
      ['bare HTTP POST (after)', String(bodies.length), bareAfter.toFixed(0), ''],
    ]);
    log(
      `receiver got ${delivered} worker posts; deliveries succeeded ${counts?.succeeded ?? '?'}, attempts recorded ${counts?.attempts ?? '?'}`,
    );
  } finally {
    await dataSource.destroy().catch(() => undefined);
    receiver.server.close();
    pg.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
