/**
 * Sustained event throughput through the platform's pipe: 100,000 matter events committed to
 * intake's outbox, published by the outbox relay to Kafka, and applied by billing's matter
 * projection consumer (inbox row + upsert per event, in firm transactions). The baseline, in the
 * same run on the same broker: raw kafkajs producing and consuming the same number of messages
 * of the same size (idempotent producer, acks all, batches like the relay's), with no database.
 *
 *   node -r @swc-node/register bench/event-throughput.ts
 *
 * Knobs (env): BENCH_EVENTS (100000), BENCH_FIRMS (20).
 * Aim: at least 5,000 events/s and at least 0.3× raw kafkajs.
 */
import 'reflect-metadata';
import { MatterOpenedV1, TOPICS, uuidv7, type NewEvent } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import {
  matterProjectionBatchHandler,
  matterProjectionHandlers,
  ProjectedMatter,
} from '@lawfirm/matter-projection';
import { appendManyToOutbox, createKafka, EventConsumer, OutboxRelay } from '@lawfirm/messaging';
import { createLogger } from '@lawfirm/observability';
import { Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ensureTopics } from '@lawfirm/local-kafka';
import { migrateAll, startInfra } from '@lawfirm/dev-stack';
import { BENCH_PG_PORT, log, machineLine, printTable, sleep } from './support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const FIRMS = Number(process.env.BENCH_FIRMS ?? 20);
const WRITE_BATCH = 1000;
/** The outbox relay's default batch; the raw baseline sends batches of the same size. */
const RELAY_BATCH = 1000;
const TARGET_EVENTS_PER_SECOND = 5000;
const TARGET_RATIO = 0.3;

function matterEvent(firmId: string): NewEvent<MatterOpenedV1> {
  const matterId = uuidv7();
  return {
    type: MatterOpenedV1.type,
    firmId,
    aggregateId: matterId,
    actor: { type: 'user', id: 'bench' },
    correlationId: randomUUID(),
    data: {
      matterId,
      clientId: uuidv7(),
      number: '2026-0001',
      title: 'Throughput matter',
      status: 'open',
      changedAt: new Date().toISOString(),
    } as MatterOpenedV1,
  };
}

/** Counting the inbox needs a role that row-level security does not filter. */
function databaseAsSuperuser(superuserUrl: string, database: string): string {
  const url = new URL(superuserUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function dataSourceFor(url: string, applicationName: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: [ProjectedMatter],
    applicationName,
    extra: { max: 8 },
  });
  return dataSource.initialize();
}

/** Platform pipe: outbox rows already committed → relay → Kafka → consumer with inbox. */
async function platformPipe(
  brokers: string,
  urls: { intake: string; intakeSuperuser: string; billing: string; billingOwner: string },
): Promise<{ eventsPerSecond: number; writeRate: number; seconds: number }> {
  const logger = createLogger('bench', 'error');
  const intake = await dataSourceFor(urls.intake, 'bench-intake');
  const billing = await dataSourceFor(urls.billing, 'bench-billing');
  const firms = Array.from({ length: FIRMS }, () => randomUUID());
  const writeStarted = performance.now();
  for (let written = 0; written < EVENTS; written += WRITE_BATCH) {
    const firmId = firms[(written / WRITE_BATCH) % FIRMS] as string;
    const count = Math.min(WRITE_BATCH, EVENTS - written);
    await withTenant(intake, firmId, (manager) =>
      appendManyToOutbox(
        manager,
        Array.from({ length: count }, () => matterEvent(firmId)),
      ),
    );
  }
  const writeRate = EVENTS / ((performance.now() - writeStarted) / 1000);
  log(
    `[bench] ${EVENTS} events committed to the outbox (${Math.round(writeRate)}/s); starting relay and consumer`,
  );

  const kafka = createKafka({ brokers: [brokers], clientId: 'bench-pipe' });
  const groupId = `bench-pipe-${randomUUID().slice(0, 8)}`;
  const relay = new OutboxRelay({
    dataSource: intake,
    databaseUrl: urls.intake,
    kafka,
    logger,
    service: 'intake',
  });
  const consumer = new EventConsumer({
    kafka,
    dataSource: billing,
    logger,
    groupId,
    topics: [TOPICS.intakeMatter.name],
    handlers: matterProjectionHandlers(),
    batchHandler: matterProjectionBatchHandler,
    sessionTimeout: 10_000,
  });
  const counter = new Client({ connectionString: urls.billingOwner });
  await counter.connect();
  const started = performance.now();
  relay.start();
  if (process.env.BENCH_PHASES === '1') {
    const outbox = new Client({ connectionString: urls.intakeSuperuser });
    await outbox.connect();
    for (;;) {
      const { rows } = await outbox.query<{ n: string }>(
        `SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`,
      );
      if (Number(rows[0]?.n) === 0) break;
      await sleep(100);
    }
    await outbox.end();
    log(`[bench] relay alone: ${Math.round(EVENTS / ((performance.now() - started) / 1000))} events/s`);
  }
  const consumerStarted = performance.now();
  await consumer.start();
  let applied = 0;
  while (applied < EVENTS) {
    await sleep(100);
    const { rows } = await counter.query<{ n: string }>(
      `SELECT count(*) AS n FROM inbox WHERE consumer = $1`,
      [groupId],
    );
    applied = Number(rows[0]?.n ?? 0);
  }
  const seconds = (performance.now() - started) / 1000;
  if (process.env.BENCH_PHASES === '1')
    log(
      `[bench] consumer after the relay: ${Math.round(EVENTS / ((performance.now() - consumerStarted) / 1000))} events/s`,
    );
  await consumer.stop();
  await relay.stop();
  await counter.end();
  await intake.destroy();
  await billing.destroy();
  return { eventsPerSecond: EVENTS / seconds, writeRate, seconds };
}

/** Raw kafkajs: the same number of messages of the same size, produced in relay-sized batches and consumed. */
async function rawKafka(brokers: string): Promise<{ eventsPerSecond: number; seconds: number }> {
  const kafka = createKafka({ brokers: [brokers], clientId: 'bench-raw' });
  const topic = `bench.raw.${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ name: topic, partitions: TOPICS.intakeMatter.partitions }], {
    replicationFactor: 1,
  });
  await admin.disconnect();
  const value = JSON.stringify({
    id: uuidv7(),
    ...matterEvent(randomUUID()),
    version: 1,
    occurredAt: new Date().toISOString(),
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({
    groupId: `bench-raw-${randomUUID().slice(0, 8)}`,
    sessionTimeout: 10_000,
    maxWaitTimeInMs: 100,
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  let done: () => void = () => undefined;
  const allConsumed = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= EVENTS) done();
    },
  });
  const started = performance.now();
  for (let sent = 0; sent < EVENTS; sent += RELAY_BATCH) {
    const messages = Array.from({ length: Math.min(RELAY_BATCH, EVENTS - sent) }, () => ({
      key: uuidv7(),
      value,
      headers: { 'event-type': MatterOpenedV1.type },
    }));
    await producer.send({ topic, acks: -1, messages });
  }
  await allConsumed;
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  await producer.disconnect();
  return { eventsPerSecond: EVENTS / seconds, seconds };
}

async function main(): Promise<void> {
  log(`[bench] starting PostgreSQL on ${BENCH_PG_PORT} and a fresh Kafka broker`);
  const infra = await startInfra({ pgPort: BENCH_PG_PORT, kafkaPort: 0, name: 'bench', quiet: true });
  try {
    await migrateAll(infra.pg, () => undefined);
    const raw = await rawKafka(infra.brokers);
    log(`[bench] raw kafkajs: ${Math.round(raw.eventsPerSecond)} events/s`);
    const pipe = await platformPipe(infra.brokers, {
      intake: infra.pg.appUrl('intake'),
      billing: infra.pg.appUrl('billing'),
      billingOwner: databaseAsSuperuser(infra.pg.superuserUrl, 'billing'),
      intakeSuperuser: databaseAsSuperuser(infra.pg.superuserUrl, 'intake'),
    });
    const ratio = pipe.eventsPerSecond / raw.eventsPerSecond;
    console.log(`\nEvent throughput, ${EVENTS.toLocaleString('en')} events (${machineLine()})\n`);
    printTable([
      ['path', 'events/s', 'seconds'],
      [
        'outbox → relay → Kafka → inbox + projection',
        Math.round(pipe.eventsPerSecond).toLocaleString('en'),
        pipe.seconds.toFixed(1),
      ],
      [
        'raw kafkajs produce + consume (baseline)',
        Math.round(raw.eventsPerSecond).toLocaleString('en'),
        raw.seconds.toFixed(1),
      ],
    ]);
    console.log(
      `\nratio ${ratio.toFixed(2)}× raw (aim ≥ ${TARGET_RATIO}×): ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
    console.log(
      `throughput aim ≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString('en')} events/s: ${pipe.eventsPerSecond >= TARGET_EVENTS_PER_SECOND ? 'met' : 'NOT met'}`,
    );
    console.log(
      `(outbox writes before the run: ${Math.round(pipe.writeRate).toLocaleString('en')} events/s in ${WRITE_BATCH}-event transactions)`,
    );
  } finally {
    await infra.stop();
    infra.pg.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
