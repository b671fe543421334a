/**
 * Outbox relay, idempotent consumer, dead-letter topic and replay, over the wire: a real
 * PostgreSQL (the docket database: outbox, inbox, matter_projection) and the test broker.
 * Every test makes its own firm and its own consumer group, so it shares no state.
 */
import {
  createEnvelope,
  dlqTopicOf,
  MatterOpenedV1,
  MatterUpdatedV1,
  TOPICS,
  type EventEnvelope,
  type MatterSnapshotV1,
  type NewEvent,
} from '@lawfirm/contracts';
import { createDataSource, withTenant } from '@lawfirm/database';
import { matterProjectionHandlers, ProjectedMatter } from '@lawfirm/matter-projection';
import { eventually, headerTexts, newFirmId, testBrokers, testDatabase } from '@lawfirm/testing';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sleep } from './backoff';
import { DLQ_HEADERS, EventConsumer, type EventHandler } from './event-consumer';
import { replayDeadLetters } from './dlq-replay';
import { createKafka } from './kafka';
import { appendToOutbox } from './outbox';
import { OutboxRelay, type RelayLogger } from './outbox-relay';

const TOPIC = TOPICS.intakeMatter.name;
const DLQ_TOPIC = dlqTopicOf(TOPIC);
const BROKER_TIMING = { sessionTimeout: 6000, heartbeatInterval: 500 } as const;

interface Received {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  envelope: EventEnvelope<MatterSnapshotV1> | undefined;
}

function suffix(): string {
  return randomUUID().slice(0, 8);
}

function tryParse(value: Buffer | null): EventEnvelope<MatterSnapshotV1> | undefined {
  try {
    return JSON.parse(value?.toString() ?? '') as EventEnvelope<MatterSnapshotV1>;
  } catch {
    return undefined;
  }
}

function matterEvent(
  type: string,
  firmId: string,
  matterId: string,
  overrides: Partial<MatterSnapshotV1> = {},
): NewEvent<MatterSnapshotV1> {
  return {
    type,
    firmId,
    aggregateId: matterId,
    actor: { type: 'service', id: 'messaging-int-spec' },
    correlationId: randomUUID(),
    data: {
      matterId,
      clientId: randomUUID(),
      number: `M-${suffix()}`,
      title: 'Acme v. Globex',
      status: 'open',
      changedAt: new Date().toISOString(),
      ...overrides,
    },
  };
}

function memoryLogger(): RelayLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (obj: object, msg: string) =>
    void lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  return { lines, info: write('info'), warn: write('warn'), error: write('error') };
}

describe('messaging over the wire', () => {
  let kafka: Kafka;
  let dataSource: DataSource;
  let producer: Producer;
  let collector: Consumer;
  const received: Received[] = [];
  const kafkaLog: string[] = [];

  const onTopic = (topic: string, eventId: string): Received[] =>
    received.filter((message) => message.topic === topic && message.envelope?.id === eventId);
  const lettersOf = (consumerGroup: string): Received[] =>
    received.filter(
      (message) =>
        message.topic === DLQ_TOPIC && message.headers[DLQ_HEADERS.consumerGroup] === consumerGroup,
    );

  const inTenant = <T>(firmId: string, sql: string, params: unknown[]): Promise<T[]> =>
    withTenant(dataSource, firmId, (manager) => manager.query(sql, params) as Promise<T[]>);

  /** Produces raw messages the way another service's relay would, keyed by aggregate. */
  async function produce(
    key: string,
    messages: Array<{ value: string; headers?: Record<string, string> }>,
  ): Promise<{ partition: number; offsets: string[] }> {
    const [metadata] = await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: messages.map((message) => ({ key, value: message.value, headers: message.headers })),
    });
    const base = BigInt(metadata!.baseOffset ?? metadata!.offset ?? '0');
    return {
      partition: metadata!.partition,
      offsets: messages.map((_, index) => String(base + BigInt(index))),
    };
  }

  function wire(
    envelope: EventEnvelope<unknown>,
    extra: Record<string, string> = {},
  ): { value: string; headers: Record<string, string> } {
    return {
      value: JSON.stringify(envelope),
      headers: {
        'content-type': 'application/json',
        'event-type': envelope.type,
        'correlation-id': envelope.correlationId,
        ...extra,
      },
    };
  }

  async function processed(consumerGroup: string, firmId: string, eventId: string): Promise<boolean> {
    const rows = await inTenant(firmId, `SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2`, [
      consumerGroup,
      eventId,
    ]);
    return rows.length === 1;
  }

  async function projectedMatterIds(firmId: string): Promise<string[]> {
    const rows = await inTenant<{ matter_id: string }>(
      firmId,
      `SELECT matter_id FROM matter_projection ORDER BY matter_id`,
      [],
    );
    return rows.map((row) => row.matter_id);
  }

  /**
   * Starts a consumer that reads only what is produced from now on (so it never meets
   * other tests' poison messages) and returns once it is provably positioned on the
   * partition of `key`: a sentinel event produced after start has been processed.
   */
  async function startConsumer(
    options: {
      groupId: string;
      firmId: string;
      key: string;
      handlers: Record<string, EventHandler>;
    } & Partial<
      Pick<ConstructorParameters<typeof EventConsumer>[0], 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'>
    >,
  ): Promise<EventConsumer> {
    const consumer = new EventConsumer({
      kafka,
      dataSource,
      logger: memoryLogger(),
      topics: [TOPIC],
      fromBeginning: false,
      ...BROKER_TIMING,
      ...options,
    });
    await consumer.start();
    try {
      await eventually(async () => {
        const sentinel = createEnvelope(matterEvent(MatterOpenedV1.type, options.firmId, randomUUID()));
        await produce(options.key, [wire(sentinel)]);
        for (const deadline = Date.now() + 1500; Date.now() < deadline; await sleep(100)) {
          if (await processed(options.groupId, options.firmId, sentinel.id)) return true;
        }
        return undefined;
      }, 20_000);
    } catch (error) {
      await consumer.stop();
      throw error;
    }
    return consumer;
  }

  beforeAll(async () => {
    kafka = createKafka({ brokers: [testBrokers()], clientId: `messaging-int-spec-${suffix()}` }, (entry) =>
      kafkaLog.push(`${entry.label} ${entry.log.message}`),
    );
    dataSource = createDataSource({
      url: testDatabase('docket').app,
      entities: [ProjectedMatter],
      applicationName: 'messaging-int-spec',
      poolSize: 5,
    });
    await dataSource.initialize();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    collector = kafka.consumer({
      groupId: `messaging-int-spec-collector-${suffix()}`,
      ...BROKER_TIMING,
      maxWaitTimeInMs: 200,
    });
    await collector.connect();
    await collector.subscribe({ topics: [TOPIC, DLQ_TOPIC], fromBeginning: true });
    await collector.run({
      eachMessage: async ({ topic, partition, message }) => {
        received.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: headerTexts(message.headers),
          envelope: tryParse(message.value),
        });
      },
    });
  }, 30_000);

  afterAll(async () => {
    await collector?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy();
  }, 30_000);

  describe('OutboxRelay', () => {
    let relay: OutboxRelay;
    const relayLog = memoryLogger();

    beforeAll(async () => {
      relay = new OutboxRelay({
        dataSource,
        databaseUrl: testDatabase('docket').app,
        kafka,
        logger: relayLog,
        service: 'messaging-int-spec',
        idlePollMs: 60_000, // only NOTIFY can wake it within a test's lifetime
      });
      relay.start();
      // Holds the per-database advisory lock; another relay on the docket database would block this.
      await eventually(
        async () =>
          relayLog.lines.some((line) => line.startsWith('info outbox relay: active')) ? true : undefined,
        20_000,
      );
    }, 30_000);

    afterAll(async () => {
      await relay?.stop();
    }, 30_000);

    it('publishes committed outbox rows to their topic with key and headers, and marks them sent', async () => {
      const firmId = newFirmId();
      const matterId = randomUUID();
      const traceparent = `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;
      const opened = await withTenant(dataSource, firmId, (manager) =>
        appendToOutbox(manager, matterEvent(MatterOpenedV1.type, firmId, matterId), { traceparent }),
      );
      const updated = await withTenant(dataSource, firmId, (manager) =>
        appendToOutbox(
          manager,
          matterEvent(MatterUpdatedV1.type, firmId, matterId, { title: 'Acme v. Globex (amended)' }),
        ),
      );

      await eventually(
        async () =>
          onTopic(TOPIC, opened.id).length && onTopic(TOPIC, updated.id).length ? true : undefined,
        10_000,
      );
      const [first] = onTopic(TOPIC, opened.id);
      const [second] = onTopic(TOPIC, updated.id);
      expect(first!.key).toBe(matterId);
      expect(first!.headers).toMatchObject({
        'event-type': MatterOpenedV1.type,
        'correlation-id': opened.correlationId,
        traceparent,
      });
      expect(first!.envelope).toEqual(JSON.parse(JSON.stringify(opened)));
      // Same aggregate, same partition, commit order kept.
      expect(second!.partition).toBe(first!.partition);
      expect(BigInt(second!.offset)).toBeGreaterThan(BigInt(first!.offset));

      const rows = await eventually(async () => {
        const found = await inTenant<{ id: string; sent_at: Date | null }>(
          firmId,
          `SELECT id, sent_at FROM outbox WHERE id = ANY($1)`,
          [[opened.id, updated.id]],
        );
        return found.length === 2 && found.every((row) => row.sent_at !== null) ? found : undefined;
      }, 5000);
      expect(rows).toHaveLength(2);
      expect(onTopic(TOPIC, opened.id)).toHaveLength(1);
    });

    it('publishes nothing from a rolled-back transaction', async () => {
      const firmId = newFirmId();
      const matterId = randomUUID();
      let rolledBack: EventEnvelope<MatterSnapshotV1> | undefined;
      await expect(
        withTenant(dataSource, firmId, async (manager) => {
          rolledBack = await appendToOutbox(manager, matterEvent(MatterOpenedV1.type, firmId, matterId));
          throw new Error('use case failed after appending its event');
        }),
      ).rejects.toThrow('use case failed');
      // A later commit on the same aggregate (same partition) proves the relay has passed that point.
      const committed = await withTenant(dataSource, firmId, (manager) =>
        appendToOutbox(
          manager,
          matterEvent(MatterOpenedV1.type, firmId, matterId, { title: 'second attempt' }),
        ),
      );

      await eventually(async () => (onTopic(TOPIC, committed.id).length ? true : undefined), 10_000);
      expect(rolledBack).toBeDefined();
      expect(onTopic(TOPIC, rolledBack!.id)).toHaveLength(0);
      expect(await inTenant(firmId, `SELECT id FROM outbox WHERE id = $1`, [rolledBack!.id])).toHaveLength(0);
    });

    it('wakes on NOTIFY when an event is appended while it is idle', async () => {
      const firmId = newFirmId();
      await sleep(500); // let the relay drain and settle into its 60 s idle wait
      const startedAt = Date.now();
      const envelope = await withTenant(dataSource, firmId, (manager) =>
        appendToOutbox(manager, matterEvent(MatterOpenedV1.type, firmId, randomUUID())),
      );
      await eventually(async () => (onTopic(TOPIC, envelope.id).length ? true : undefined), 3000, 20);
      expect(Date.now() - startedAt).toBeLessThan(3000);
    });

    it('lets a second relay on the same database wait without publishing, and release its connection when stopped', async () => {
      const standbyName = `standby-${suffix()}`;
      const standbyLog = memoryLogger();
      const standby = new OutboxRelay({
        dataSource,
        databaseUrl: testDatabase('docket').app,
        kafka,
        logger: standbyLog,
        service: standbyName,
      });
      const connections = async (): Promise<number> => {
        const rows: Array<{ n: string }> = await dataSource.query(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1`,
          [`${standbyName}-outbox-relay`],
        );
        return Number(rows[0]?.n ?? 0);
      };
      standby.start();
      await eventually(async () => ((await connections()) === 1 ? true : undefined), 10_000, 100);

      await standby.stop();

      expect(standbyLog.lines.some((line) => line.includes('outbox relay: active'))).toBe(false);
      await eventually(async () => ((await connections()) === 0 ? true : undefined), 5000, 100);
    });
  });

  describe('EventConsumer', () => {
    const consumers: EventConsumer[] = [];

    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    }, 30_000);

    it('applies an event delivered twice only once', async () => {
      const firmId = newFirmId();
      const groupId = `messaging-int-spec-idempotent-${suffix()}`;
      const matterId = randomUUID();
      const invocations = new Map<string, number>();
      const project = matterProjectionHandlers();
      const countingHandlers: Record<string, EventHandler> = Object.fromEntries(
        Object.entries(project).map(([type, handler]) => [
          type,
          async (envelope, manager) => {
            invocations.set(envelope.id, (invocations.get(envelope.id) ?? 0) + 1);
            await handler(envelope, manager);
          },
        ]),
      );
      consumers.push(await startConsumer({ groupId, firmId, key: matterId, handlers: countingHandlers }));

      const event = createEnvelope(matterEvent(MatterOpenedV1.type, firmId, matterId));
      const marker = createEnvelope(matterEvent(MatterOpenedV1.type, firmId, randomUUID()));
      // The identical message twice, then a marker on the same partition: once the marker is
      // processed, so are both copies.
      await produce(matterId, [wire(event), wire(event)]);
      await produce(matterId, [wire(marker)]);
      await eventually(
        async () => ((await processed(groupId, firmId, marker.id)) ? true : undefined),
        15_000,
      );

      expect(invocations.get(event.id)).toBe(1);
      const inbox = await inTenant(
        firmId,
        `SELECT event_id FROM inbox WHERE consumer = $1 AND event_id = $2`,
        [groupId, event.id],
      );
      expect(inbox).toHaveLength(1);
      const projected = await projectedMatterIds(firmId);
      expect(projected.filter((id) => id === matterId)).toHaveLength(1);
      expect(projected).toContain(marker.data.matterId);
    });

    it("carries the handled event's trace onto the events its handler writes, as a new span", async () => {
      const firmId = newFirmId();
      const groupId = `messaging-int-spec-trace-${suffix()}`;
      const matterId = randomUUID();
      const traceId = randomUUID().replace(/-/g, '');
      const incoming = `00-${traceId}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;
      const written = new Map<string, string>();
      const handlers: Record<string, EventHandler> = {
        [MatterOpenedV1.type]: async (envelope, manager) => {
          const follow = await appendToOutbox(
            manager,
            matterEvent(MatterUpdatedV1.type, firmId, randomUUID(), { title: 'Follow-up' }),
          );
          written.set(envelope.id, follow.id);
        },
      };
      consumers.push(await startConsumer({ groupId, firmId, key: matterId, handlers }));

      const event = createEnvelope(matterEvent(MatterOpenedV1.type, firmId, matterId));
      await produce(matterId, [wire(event, { traceparent: incoming })]);
      const followId = await eventually(async () => written.get(event.id), 15_000);
      const [row] = await inTenant<{ headers: Record<string, string> }>(
        firmId,
        `SELECT headers FROM outbox WHERE id = $1`,
        [followId],
      );
      const outgoing = row!.headers.traceparent;
      expect(outgoing).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(outgoing).not.toBe(incoming);
    });

    it('dead-letters an unparseable message and an always-failing event without stalling the partition', async () => {
      const firmId = newFirmId();
      const groupId = `messaging-int-spec-poison-${suffix()}`;
      const matterId = randomUUID();
      let failures = 0;
      const handlers: Record<string, EventHandler> = {
        ...matterProjectionHandlers(),
        [MatterUpdatedV1.type]: async () => {
          failures += 1;
          throw new Error('simulated outage in the projection store');
        },
      };
      consumers.push(
        await startConsumer({
          groupId,
          firmId,
          key: matterId,
          handlers,
          maxAttempts: 2,
          retryBaseMs: 20,
          retryMaxMs: 50,
        }),
      );

      const poison = createEnvelope(matterEvent(MatterUpdatedV1.type, firmId, matterId));
      const healthy = createEnvelope(matterEvent(MatterOpenedV1.type, firmId, matterId));
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const { partition, offsets } = await produce(matterId, [
        { value: '{"this is": not json', headers: { traceparent, 'x-origin': 'garbage' } },
        wire(poison, { traceparent }),
        wire(healthy),
      ]);

      // The message behind both poison messages on the same partition still gets through.
      await eventually(
        async () => ((await projectedMatterIds(firmId)).includes(matterId) ? true : undefined),
        20_000,
      );
      const letters = await eventually(
        async () => (lettersOf(groupId).length === 2 ? lettersOf(groupId) : undefined),
        10_000,
      );

      const [garbage, failed] = [...letters].sort(
        (a, b) =>
          Number(a.headers[DLQ_HEADERS.originalOffset]) - Number(b.headers[DLQ_HEADERS.originalOffset]),
      );
      expect(garbage!.key).toBe(matterId);
      expect(garbage!.value!.toString()).toBe('{"this is": not json');
      expect(garbage!.headers).toMatchObject({
        traceparent,
        'x-origin': 'garbage',
        [DLQ_HEADERS.originalTopic]: TOPIC,
        [DLQ_HEADERS.originalPartition]: String(partition),
        [DLQ_HEADERS.originalOffset]: offsets[0],
        [DLQ_HEADERS.consumerGroup]: groupId,
      });
      expect(garbage!.headers[DLQ_HEADERS.error]).toMatch(/not JSON/);

      expect(failed!.key).toBe(matterId);
      expect(failed!.envelope?.id).toBe(poison.id);
      expect(failed!.headers).toMatchObject({
        traceparent,
        'event-type': MatterUpdatedV1.type,
        'correlation-id': poison.correlationId,
        [DLQ_HEADERS.originalTopic]: TOPIC,
        [DLQ_HEADERS.originalPartition]: String(partition),
        [DLQ_HEADERS.originalOffset]: offsets[1],
        [DLQ_HEADERS.consumerGroup]: groupId,
        [DLQ_HEADERS.error]: 'simulated outage in the projection store',
        [DLQ_HEADERS.attempts]: '2',
      });
      expect(failures).toBe(2);
      // A failed attempt leaves no trace in the inbox, so a replay can still apply it.
      expect(await processed(groupId, firmId, poison.id)).toBe(false);
      expect(await processed(groupId, firmId, healthy.id)).toBe(true);
    });
  });

  describe('replayDeadLetters', () => {
    const consumers: EventConsumer[] = [];

    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    }, 30_000);

    it('re-drives a dead letter to its topic once, and a recovered consumer applies it', async () => {
      const firmId = newFirmId();
      const groupId = `messaging-int-spec-replay-${suffix()}`;
      const matterId = randomUUID();
      let storeAvailable = false;
      const project = matterProjectionHandlers()[MatterOpenedV1.type]!;
      const handlers: Record<string, EventHandler> = {
        [MatterOpenedV1.type]: async (envelope, manager) => {
          if (!storeAvailable && (envelope.data as MatterSnapshotV1).matterId === matterId)
            throw new Error('projection store unavailable');
          await project(envelope, manager);
        },
      };
      consumers.push(
        await startConsumer({
          groupId,
          firmId,
          key: matterId,
          handlers,
          maxAttempts: 2,
          retryBaseMs: 20,
          retryMaxMs: 50,
        }),
      );

      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const event = createEnvelope(matterEvent(MatterOpenedV1.type, firmId, matterId));
      await produce(matterId, [wire(event, { traceparent })]);
      await eventually(async () => (lettersOf(groupId).length === 1 ? true : undefined), 15_000);
      expect(await projectedMatterIds(firmId)).not.toContain(matterId);

      storeAvailable = true;
      const lines: string[] = [];
      const first = await replayDeadLetters({
        kafka,
        topic: TOPIC,
        consumerGroup: groupId,
        log: (line) => lines.push(line),
      });
      expect(first.replayed).toBe(1);
      expect(lines.join('\n')).toContain('projection store unavailable');

      await eventually(
        async () => ((await projectedMatterIds(firmId)).includes(matterId) ? true : undefined),
        15_000,
      );
      // The original and the one replayed copy.
      const copies = await eventually(
        async () => (onTopic(TOPIC, event.id).length === 2 ? onTopic(TOPIC, event.id) : undefined),
        5000,
      );
      const replayed = copies[1]!;
      expect(replayed.key).toBe(matterId);
      expect(replayed.value!.equals(copies[0]!.value!)).toBe(true);
      expect(replayed.headers).toMatchObject({ traceparent, 'event-type': MatterOpenedV1.type });
      expect(replayed.headers['dlq-replayed-at']).toBeDefined();
      expect(
        Object.keys(replayed.headers).filter((name) => name.startsWith('dlq-') && name !== 'dlq-replayed-at'),
      ).toEqual([]);

      const second = await replayDeadLetters({ kafka, topic: TOPIC, consumerGroup: groupId });
      expect(second.replayed).toBe(0);
      await sleep(500);
      expect(onTopic(TOPIC, event.id)).toHaveLength(2);
      const inbox = await inTenant(
        firmId,
        `SELECT event_id FROM inbox WHERE consumer = $1 AND event_id = $2`,
        [groupId, event.id],
      );
      expect(inbox).toHaveLength(1);
    });

    it("leaves other groups' letters and letters that arrive during a run for later runs", async () => {
      const firmId = newFirmId();
      const [groupA, groupB] = [`messaging-int-spec-a-${suffix()}`, `messaging-int-spec-b-${suffix()}`];
      const letter = (consumerGroup: string) => {
        const envelope = createEnvelope(matterEvent(MatterOpenedV1.type, firmId, randomUUID()));
        return {
          envelope,
          message: {
            key: envelope.aggregateId,
            value: JSON.stringify(envelope),
            headers: {
              [DLQ_HEADERS.consumerGroup]: consumerGroup,
              [DLQ_HEADERS.originalTopic]: TOPIC,
              [DLQ_HEADERS.error]: 'parked by the test',
            },
          },
        };
      };
      const [firstForA, firstForB, lateForA] = [letter(groupA), letter(groupB), letter(groupA)];
      // Letters as two consumers would have parked them.
      await producer.send({ topic: DLQ_TOPIC, acks: -1, messages: [firstForA.message, firstForB.message] });

      // A letter that lands once the run has taken its high watermarks (it creates its consumer
      // right after) belongs to the next run.
      let lateLetterSent: Promise<unknown> | undefined;
      const kafkaWithLateLetter = {
        admin: (...args: Parameters<Kafka['admin']>) => kafka.admin(...args),
        producer: (...args: Parameters<Kafka['producer']>) => kafka.producer(...args),
        consumer: (...args: Parameters<Kafka['consumer']>) => {
          lateLetterSent ??= producer.send({ topic: DLQ_TOPIC, acks: -1, messages: [lateForA.message] });
          return kafka.consumer(...args);
        },
      } as unknown as Kafka;
      expect(
        (await replayDeadLetters({ kafka: kafkaWithLateLetter, topic: TOPIC, consumerGroup: groupA }))
          .replayed,
      ).toBe(1);
      await lateLetterSent;
      expect(onTopic(TOPIC, lateForA.envelope.id)).toHaveLength(0);

      // The filtered run for A went past B's letter; B's own replay still finds it.
      expect((await replayDeadLetters({ kafka, topic: TOPIC, consumerGroup: groupB })).replayed).toBe(1);
      expect((await replayDeadLetters({ kafka, topic: TOPIC, consumerGroup: groupA })).replayed).toBe(1);
      expect((await replayDeadLetters({ kafka, topic: TOPIC, consumerGroup: groupA })).replayed).toBe(0);

      await eventually(
        async () =>
          [firstForA, firstForB, lateForA].every(({ envelope }) => onTopic(TOPIC, envelope.id).length)
            ? true
            : undefined,
        10_000,
      );
      await sleep(500);
      for (const { envelope } of [firstForA, firstForB, lateForA])
        expect(onTopic(TOPIC, envelope.id)).toHaveLength(1);
    });
  });
});
