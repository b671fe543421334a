/**
 * Delivery under faults, over the wire: a real PostgreSQL and the test broker. Each test works in
 * a scratch database of its own (the outbox and inbox every service migrates, used by docket's app
 * role, dropped at the end), so taking that database away, or running relays that drain every
 * firm's rows, touches no other test.
 */
import {
  createEnvelope,
  dlqTopicOf,
  MatterOpenedV1,
  TOPICS,
  type EventEnvelope,
  type MatterSnapshotV1,
  type NewEvent,
} from '@lawfirm/contracts';
import { createDataSource, withTenant } from '@lawfirm/database';
import { ValidationFailedError } from '@lawfirm/errors';
import { eventually, headerTexts, newFirmId, testBrokers, testDatabase } from '@lawfirm/testing';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { sleep } from './backoff';
import { DLQ_HEADERS, EventConsumer, type EventHandler } from './event-consumer';
import { createKafka } from './kafka';
import type { RelayLogger } from './outbox-relay';
import { appendToOutbox } from './outbox';
import { listParkedOutboxRows, redriveParkedOutboxRows } from './outbox-parking';
import { OutboxRelay } from './outbox-relay';
import { messagingSchemaSql } from './schema';

const TOPIC = TOPICS.intakeMatter.name;
const DLQ_TOPIC = dlqTopicOf(TOPIC);
const BROKER_TIMING = { sessionTimeout: 6000, heartbeatInterval: 500 } as const;
/** How long the database stays away in the outage test (the drill: about 30 s). */
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_MS ?? 30_000);

function suffix(): string {
  return randomUUID().slice(0, 8);
}

function memoryLogger(): RelayLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (obj: object, msg: string) => {
    lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
    if (process.env.DEBUG_FAULTS) process.stderr.write(`${lines[lines.length - 1]!.slice(0, 600)}\n`);
  };
  return { lines, info: write('info'), warn: write('warn'), error: write('error') };
}

function matterOpened(firmId: string, matterId: string = randomUUID()): EventEnvelope<MatterSnapshotV1> {
  const event: NewEvent<MatterSnapshotV1> = {
    type: MatterOpenedV1.type,
    firmId,
    aggregateId: matterId,
    actor: { type: 'service', id: 'delivery-faults-int-spec' },
    correlationId: randomUUID(),
    data: {
      matterId,
      clientId: randomUUID(),
      number: `M-${suffix()}`,
      title: 'Acme v. Globex',
      status: 'open',
      changedAt: new Date().toISOString(),
    },
  };
  return createEnvelope(event);
}

/** Event ids as an SQL list (UUIDs we made: nothing to escape). */
function idList(envelopes: Array<EventEnvelope<unknown>>): string {
  return envelopes.map((envelope) => `'${envelope.id}'`).join(', ');
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function runSql<T = unknown>(url: string, statements: string[]): Promise<T[]> {
  const client = new Client({ connectionString: url, application_name: 'delivery-faults-setup' });
  await client.connect();
  try {
    let rows: T[] = [];
    for (const statement of statements) rows = (await client.query(statement)).rows as T[];
    return rows;
  } finally {
    await client.end();
  }
}

function superuserUrl(): string {
  const url = process.env.TEST_PG_SUPERUSER_URL;
  if (!url) throw new Error('TEST_PG_SUPERUSER_URL is not set: run through the integration project');
  return url;
}

/**
 * A database of its own with the messaging tables (as every service's migration creates them)
 * and `applied_events`, where a test handler writes one row per application of an event.
 */
class ScratchDatabase {
  private constructor(
    readonly name: string,
    readonly appUrl: string,
    readonly appRole: string,
  ) {}

  static async create(): Promise<ScratchDatabase> {
    const service = testDatabase('docket');
    const name = `faults_${suffix()}`;
    await runSql(superuserUrl(), [`CREATE DATABASE ${name}`]);
    await runSql(withDatabase(superuserUrl(), name), [
      ...messagingSchemaSql(service.appRole),
      `CREATE TABLE applied_events (event_id uuid NOT NULL, firm_id uuid NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
      `GRANT SELECT, INSERT ON applied_events TO "${service.appRole}"`,
    ]);
    return new ScratchDatabase(name, withDatabase(service.app, name), service.appRole);
  }

  dataSource(applicationName: string, poolSize = 3): DataSource {
    return createDataSource({ url: this.appUrl, entities: [], applicationName, poolSize });
  }

  /** Run as the superuser inside this database (outside RLS: the test's view of every firm). */
  query<T>(sql: string): Promise<T[]> {
    return runSql<T>(withDatabase(superuserUrl(), this.name), [sql]);
  }

  /** As a failover looks to the service: every session cut, and no new one accepted. */
  async takeAway(): Promise<void> {
    await runSql(superuserUrl(), [
      `ALTER DATABASE ${this.name} ALLOW_CONNECTIONS false`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${this.name}' AND pid <> pg_backend_pid()`,
    ]);
  }

  async giveBack(): Promise<void> {
    await runSql(superuserUrl(), [`ALTER DATABASE ${this.name} ALLOW_CONNECTIONS true`]);
  }

  async drop(): Promise<void> {
    await runSql(superuserUrl(), [`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`]).catch(
      () => undefined,
    );
  }
}

/**
 * A TCP proxy in front of PostgreSQL that can freeze the connections it carries: neither side hears
 * from the other again, and neither is closed, as when a network drops a session silently. A
 * backend killed behind a frozen connection leaves its client believing the session is alive.
 */
class FreezableProxy {
  private readonly pairs: Array<{ client: Socket; upstream: Socket }> = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(targetUrl: string): Promise<FreezableProxy> {
    const target = new URL(targetUrl);
    const server = createServer();
    const proxy = new FreezableProxy(server, target);
    server.on('connection', (client) => proxy.carry(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `url` with this proxy as its host and port. */
  through(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String((this.server.address() as AddressInfo).port);
    return parsed.toString();
  }

  freezeExisting(): void {
    for (const { client, upstream } of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.pairs.splice(0)) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private carry(client: Socket): void {
    const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.pipe(upstream);
    upstream.pipe(client);
    this.pairs.push({ client, upstream });
  }
}

describe('delivery under faults', () => {
  let kafka: Kafka;
  let producer: Producer;
  let letters: Consumer;
  const dlq: Array<{ headers: Record<string, string>; eventId: string | undefined }> = [];
  /** Every event id seen on the topic, with how many copies. */
  const onTopic = new Map<string, number>();

  const lettersOf = (groupId: string) =>
    dlq.filter((letter) => letter.headers[DLQ_HEADERS.consumerGroup] === groupId);

  /** Keyed by aggregate as a relay does, or onto the partition named beside each event. */
  async function produce(envelopes: Array<EventEnvelope<unknown>>, partitions?: number[]): Promise<void> {
    await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: envelopes.map((envelope, index) => ({
        key: envelope.aggregateId,
        partition: partitions?.[index],
        value: JSON.stringify(envelope),
        headers: { 'content-type': 'application/json', 'event-type': envelope.type },
      })),
    });
  }

  beforeAll(async () => {
    kafka = createKafka({ brokers: [testBrokers()], clientId: `delivery-faults-${suffix()}` });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    letters = kafka.consumer({
      groupId: `delivery-faults-dlq-${suffix()}`,
      ...BROKER_TIMING,
      maxWaitTimeInMs: 200,
    });
    await letters.connect();
    await letters.subscribe({ topics: [DLQ_TOPIC, TOPIC], fromBeginning: true });
    await letters.run({
      eachMessage: async ({ topic, message }) => {
        let eventId: string | undefined;
        try {
          eventId = (JSON.parse(message.value?.toString() ?? '') as { id?: string }).id;
        } catch {
          eventId = undefined;
        }
        if (topic === DLQ_TOPIC) dlq.push({ headers: headerTexts(message.headers), eventId });
        else if (eventId) onTopic.set(eventId, (onTopic.get(eventId) ?? 0) + 1);
      },
    });
  }, 30_000);

  afterAll(async () => {
    await letters?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }, 30_000);

  describe('EventConsumer', () => {
    let scratch: ScratchDatabase;
    let dataSource: DataSource;
    const consumers: EventConsumer[] = [];

    beforeAll(async () => {
      scratch = await ScratchDatabase.create();
      dataSource = scratch.dataSource('delivery-faults-consumer');
      await dataSource.initialize();
    }, 30_000);

    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    }, 30_000);

    afterAll(async () => {
      if (dataSource?.isInitialized) await dataSource.destroy();
      await scratch?.drop();
    }, 30_000);

    const recordApplication: EventHandler = async (envelope, manager) => {
      await manager.query(`INSERT INTO applied_events (event_id, firm_id) VALUES ($1, $2)`, [
        envelope.id,
        envelope.firmId,
      ]);
    };

    /** Starts a consumer reading from now on, and returns once it has applied a sentinel event. */
    async function startConsumer(
      groupId: string,
      firmId: string,
      handlers: Record<string, EventHandler>,
      logger: RelayLogger,
    ): Promise<EventConsumer> {
      const consumer = new EventConsumer({
        kafka,
        dataSource,
        logger,
        groupId,
        topics: [TOPIC],
        handlers,
        fromBeginning: false,
        ...BROKER_TIMING,
        maxAttempts: 3,
        retryBaseMs: 20,
        retryMaxMs: 50,
        transientRetryBaseMs: 200,
        transientRetryMaxMs: 2000,
      });
      consumers.push(consumer);
      await consumer.start();
      // A sentinel on every partition, applied, proves the group reads them all from here on.
      await eventually(async () => {
        const partitions = Array.from({ length: TOPICS.intakeMatter.partitions }, (_, index) => index);
        const sentinels = partitions.map(() => matterOpened(firmId));
        await produce(sentinels, partitions);
        for (const deadline = Date.now() + 2000; Date.now() < deadline; await sleep(100)) {
          const rows = await withTenant(dataSource, firmId, (manager) =>
            manager.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = $1 AND event_id = ANY($2)`, [
              groupId,
              sentinels.map((sentinel) => sentinel.id),
            ]),
          );
          if ((rows as Array<{ n: number }>)[0]?.n === sentinels.length) return true;
        }
        return undefined;
      }, 30_000);
      return consumer;
    }

    it('applies every event exactly once and parks none when the database is away for a while mid-stream', async () => {
      const firmId = newFirmId();
      const groupId = `delivery-faults-outage-${suffix()}`;
      const logger = memoryLogger();
      await startConsumer(groupId, firmId, { [MatterOpenedV1.type]: recordApplication }, logger);

      const before = Array.from({ length: 10 }, () => matterOpened(firmId));
      await produce(before);
      await eventually(async () => {
        const [row] = await scratch.query<{ n: number }>(
          `SELECT count(DISTINCT event_id)::int AS n FROM applied_events WHERE event_id IN (${idList(before)})`,
        );
        return row!.n === before.length ? true : undefined;
      }, 20_000);

      await scratch.takeAway();
      const during: Array<EventEnvelope<MatterSnapshotV1>> = [];
      const outageEnds = Date.now() + OUTAGE_MS;
      while (Date.now() < outageEnds) {
        const burst = Array.from({ length: 4 }, () => matterOpened(firmId));
        await produce(burst);
        during.push(...burst);
        await sleep(Math.min(3000, Math.max(0, outageEnds - Date.now())));
      }
      await scratch.giveBack();
      const after = Array.from({ length: 10 }, () => matterOpened(firmId));
      await produce(after);

      const expected = [...before, ...during, ...after];
      const applied = await eventually(
        async () => {
          const rows = await scratch.query<{ event_id: string; times: number }>(
            `SELECT event_id, count(*)::int AS times FROM applied_events
              WHERE event_id IN (${idList(expected)}) GROUP BY event_id`,
          );
          return rows.length === expected.length ? rows : undefined;
        },
        120_000,
        500,
      );
      expect(applied.every((row) => row.times === 1)).toBe(true);
      const [inbox] = await scratch.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbox WHERE consumer = '${groupId}'
           AND event_id IN (${idList(expected)})`,
      );
      expect(inbox!.n).toBe(expected.length);
      // The outage did reach the consumer, which called it transient and held on.
      const transient = logger.lines.filter((line) => line.includes('transient error; partition paused'));
      expect(transient.length).toBeGreaterThan(0);
      expect(transient.every((line) => line.includes('"kind":"transient"'))).toBe(true);
      expect(logger.lines.some((line) => line.includes('dead-lettering'))).toBe(false);
      await sleep(1000); // a letter would have been sent before the events behind it were applied
      expect(lettersOf(groupId)).toHaveLength(0);
    }, 240_000);

    it('dead-letters an event a handler refuses with a domain error at once, with the error and its kind', async () => {
      const firmId = newFirmId();
      const groupId = `delivery-faults-permanent-${suffix()}`;
      const refused = matterOpened(firmId);
      const healthy = matterOpened(firmId, refused.aggregateId);
      let refusals = 0;
      await startConsumer(
        groupId,
        firmId,
        {
          [MatterOpenedV1.type]: async (envelope, manager) => {
            if (envelope.id === refused.id) {
              refusals += 1;
              throw new ValidationFailedError(
                [{ field: 'number', message: 'number is taken' }],
                'Matter number is taken.',
              );
            }
            await recordApplication(envelope, manager);
          },
        },
        memoryLogger(),
      );

      await produce([refused, healthy]);
      const [letter] = await eventually(
        async () => (lettersOf(groupId).length ? lettersOf(groupId) : undefined),
        20_000,
      );
      expect(letter!.eventId).toBe(refused.id);
      expect(letter!.headers).toMatchObject({
        [DLQ_HEADERS.error]: 'Matter number is taken.',
        [DLQ_HEADERS.errorKind]: 'permanent',
        [DLQ_HEADERS.attempts]: '1',
      });
      expect(refusals).toBe(1);
      await eventually(async () => {
        const rows = await scratch.query(`SELECT 1 FROM applied_events WHERE event_id = '${healthy.id}'`);
        return rows.length === 1 ? true : undefined;
      }, 10_000);
    }, 60_000);
  });

  describe('OutboxRelay', () => {
    let scratch: ScratchDatabase;
    let dataSource: DataSource;
    const relays: OutboxRelay[] = [];

    beforeEach(async () => {
      scratch = await ScratchDatabase.create();
      dataSource = scratch.dataSource('delivery-faults-writer');
      await dataSource.initialize();
    }, 30_000);

    afterEach(async () => {
      await Promise.all(relays.splice(0).map((relay) => relay.stop()));
      if (dataSource?.isInitialized) await dataSource.destroy();
      await scratch?.drop();
    }, 60_000);

    function startRelay(
      name: string,
      logger: RelayLogger,
      options: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {},
    ): OutboxRelay {
      const relay = new OutboxRelay({
        dataSource,
        databaseUrl: scratch.appUrl,
        kafka,
        logger,
        service: name,
        idlePollMs: 300,
        ...options,
      });
      relays.push(relay);
      relay.start();
      return relay;
    }

    async function writeEvents(
      firmId: string,
      count: number,
    ): Promise<Array<EventEnvelope<MatterSnapshotV1>>> {
      const written: Array<EventEnvelope<MatterSnapshotV1>> = [];
      for (let index = 0; index < count; index += 1) {
        const envelope = matterOpened(firmId);
        await withTenant(dataSource, firmId, (manager) =>
          appendToOutbox(manager, {
            type: envelope.type,
            firmId,
            aggregateId: envelope.aggregateId,
            actor: envelope.actor,
            correlationId: envelope.correlationId,
            data: envelope.data,
          }),
        ).then((stored) => written.push(stored));
      }
      return written;
    }

    /** A row as a buggy writer (or a topic dropped from the manifest) would leave it. */
    async function writeRaw(firmId: string, topic: string, envelope: object): Promise<string> {
      const id = randomUUID();
      await withTenant(dataSource, firmId, (manager) =>
        manager.query(
          `INSERT INTO outbox (id, firm_id, topic, message_key, headers, envelope) VALUES ($1, $2, $3, $4, '{}', $5)`,
          [id, firmId, topic, id, JSON.stringify({ id, ...envelope })],
        ),
      );
      return id;
    }

    it("parks a row that can never be published after its tries, with its error, while every firm's other rows flow", async () => {
      const [firmA, firmB] = [newFirmId(), newFirmId()];
      const logger = memoryLogger();
      // Written before any good row, so each batch meets them first.
      const unknownTopic = await writeRaw(firmA, 'intake.no-such-aggregate.v1', { type: 'x' });
      // Over the broker's 1 MiB default; the relay's own limit is raised so the broker refuses it.
      const oversized = await writeRaw(firmB, TOPIC, { padding: 'x'.repeat(2_000_000) });
      const good = [...(await writeEvents(firmA, 5)), ...(await writeEvents(firmB, 5))];
      startRelay('poison', logger, { maxPublishAttempts: 3, maxMessageBytes: 10_000_000 });

      await eventually(async () => (good.every((event) => onTopic.get(event.id)) ? true : undefined), 20_000);
      const parked = await eventually(
        async () => {
          const rows = await listParkedOutboxRows(dataSource);
          return rows.length === 2 ? rows : undefined;
        },
        30_000,
        200,
      );
      const byId = new Map(parked.map((row) => [row.id, row]));
      expect(byId.get(unknownTopic)).toMatchObject({ attempts: 3, firmId: firmA });
      expect(byId.get(unknownTopic)!.lastError).toMatch(/not in the topic manifest/);
      expect(byId.get(oversized)).toMatchObject({ attempts: 3, firmId: firmB });
      expect(byId.get(oversized)!.lastError).toMatch(/too large|larger|size/i);
      expect(onTopic.has(unknownTopic) || onTopic.has(oversized)).toBe(false);
      // Published at least once (a refused batch may have reached some partitions before the rows
      // went one by one: consumers drop the copy by event id), and marked sent once.
      expect(good.every((event) => (onTopic.get(event.id) ?? 0) >= 1)).toBe(true);
      const marked = await scratch.query<{ attempts: number; sent: boolean }>(
        `SELECT attempts, sent_at IS NOT NULL AS sent FROM outbox WHERE id IN (${idList(good)})`,
      );
      expect(marked).toHaveLength(good.length);
      expect(marked.every((row) => row.sent && row.attempts === 1)).toBe(true);
      const unsent = await scratch.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL`,
      );
      expect(unsent[0]!.n).toBe(0);
      expect(logger.lines.filter((line) => line.startsWith('error outbox relay: row parked'))).toHaveLength(
        2,
      );

      // Repaired by an operator, then re-driven: it goes out.
      await scratch.query(`UPDATE outbox SET topic = '${TOPIC}' WHERE id = '${unknownTopic}'`);
      expect(await redriveParkedOutboxRows(dataSource, [unknownTopic])).toEqual([unknownTopic]);
      await eventually(async () => (onTopic.get(unknownTopic) ? true : undefined), 20_000);
      const [row] = await scratch.query<{ sent_at: Date | null; parked_at: Date | null }>(
        `SELECT sent_at, parked_at FROM outbox WHERE id = '${unknownTopic}'`,
      );
      expect(row!.sent_at).not.toBeNull();
      expect(row!.parked_at).toBeNull();
    }, 90_000);

    it("never lets two relays publish at once when the leader's session is dropped silently, and marks each row once", async () => {
      const [firmA, firmB] = [newFirmId(), newFirmId()];
      const sends: Array<{ relay: string; start: number; end: number }> = [];
      /** The test broker, with each relay's sendBatch calls timed. */
      const timedKafka = (relay: string): Kafka =>
        ({
          producer: (...args: Parameters<Kafka['producer']>) => {
            const producer = kafka.producer(...args);
            const sendBatch = producer.sendBatch.bind(producer);
            producer.sendBatch = async (batch) => {
              const start = performance.now();
              try {
                return await sendBatch(batch);
              } finally {
                sends.push({ relay, start, end: performance.now() });
              }
            };
            return producer;
          },
        }) as unknown as Kafka;
      const proxy = await FreezableProxy.start(scratch.appUrl);
      try {
        const [leaderLog, standbyLog] = [memoryLogger(), memoryLogger()];
        const leaderName = `leader-${suffix()}`;
        const standbyName = `standby-${suffix()}`;
        // The leader's listen session (which holds the leadership lock) goes through the proxy.
        startRelay(leaderName, leaderLog, {
          databaseUrl: proxy.through(scratch.appUrl),
          kafka: timedKafka('leader'),
          batchSize: 5,
        });
        await eventually(
          async () =>
            leaderLog.lines.some((line) => line.includes('outbox relay: active')) ? true : undefined,
          10_000,
        );
        startRelay(standbyName, standbyLog, { kafka: timedKafka('standby'), batchSize: 5 });
        await eventually(async () => {
          const rows = await scratch.query(
            `SELECT 1 FROM pg_stat_activity WHERE application_name = '${standbyName}-outbox-relay'`,
          );
          return rows.length ? true : undefined;
        }, 10_000);

        const beforeDrop = [...(await writeEvents(firmA, 10)), ...(await writeEvents(firmB, 10))];
        await eventually(
          async () => (beforeDrop.every((event) => onTopic.get(event.id)) ? true : undefined),
          20_000,
        );

        // The leader's session dies without its client hearing of it: the lock passes to the standby.
        proxy.freezeExisting();
        const killed = await scratch.query<{ killed: boolean }>(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = '${leaderName}-outbox-relay'`,
        );
        expect(killed).toEqual([{ killed: true }]);
        const afterDrop: Array<EventEnvelope<MatterSnapshotV1>> = [];
        for (let round = 0; round < 20; round += 1) {
          afterDrop.push(...(await writeEvents(round % 2 ? firmA : firmB, 5)));
          await sleep(100);
        }

        const all = [...beforeDrop, ...afterDrop];
        await eventually(
          async () => (all.every((event) => onTopic.get(event.id)) ? true : undefined),
          60_000,
          200,
        );
        const marked = await scratch.query<{ attempts: number; sent: boolean }>(
          `SELECT attempts, sent_at IS NOT NULL AS sent FROM outbox WHERE id IN (${idList(all)})`,
        );
        expect(marked).toHaveLength(all.length);
        expect(marked.every((row) => row.sent && row.attempts === 1)).toBe(true);
        // The old leader found out at its next batch and stepped down; then one relay (whichever
        // took the lock first) leads.
        expect(
          leaderLog.lines.some((line) => line.includes('no longer holds the leadership lock; stepping down')),
        ).toBe(true);
        const holders = await scratch.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.granted
              AND l.objid = hashtext('outbox-relay')::oid`,
        );
        expect(holders[0]!.n).toBe(1);
        const leaderSends = sends.filter((send) => send.relay === 'leader');
        const standbySends = sends.filter((send) => send.relay === 'standby');
        const overlapping = leaderSends.filter((own) =>
          standbySends.some((other) => own.start < other.end && other.start < own.end),
        );
        expect(overlapping).toEqual([]);
      } finally {
        await Promise.all(relays.splice(0).map((relay) => relay.stop()));
        await proxy.close();
      }
    }, 120_000);
  });
});
