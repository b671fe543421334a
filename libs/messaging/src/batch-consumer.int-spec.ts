/**
 * The consumer's batch fast path over the wire (real PostgreSQL and broker): a fetched batch is
 * applied per firm in one transaction, redelivered events are dropped by the inbox, and a batch
 * that fails is processed again one event at a time.
 */
import { createEnvelope, MatterOpenedV1, TOPICS, type EventEnvelope } from '@lawfirm/contracts';
import { createDataSource, withTenant } from '@lawfirm/database';
import { matterProjectionHandlers, ProjectedMatter } from '@lawfirm/matter-projection';
import { eventually, newFirmId, testBrokers, testDatabase } from '@lawfirm/testing';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EventConsumer } from './event-consumer';
import { createKafka } from './kafka';

const TOPIC = TOPICS.intakeMatter.name;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('EventConsumer batch path', () => {
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    dataSource = createDataSource({
      url: testDatabase('docket').app,
      entities: [ProjectedMatter],
      applicationName: 'batch-consumer-spec',
    });
    await dataSource.initialize();
    kafka = createKafka({ brokers: [testBrokers()], clientId: 'batch-consumer-spec' });
    producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dataSource?.destroy();
  });

  function opened(firmId: string, key: string): EventEnvelope {
    const matterId = randomUUID();
    return createEnvelope({
      type: MatterOpenedV1.type,
      firmId,
      aggregateId: key,
      actor: { type: 'service', id: 'spec' },
      correlationId: randomUUID(),
      data: {
        matterId,
        clientId: randomUUID(),
        number: '2026-0001',
        title: 'Batch',
        status: 'open',
        changedAt: new Date().toISOString(),
      },
    });
  }

  async function projected(firmId: string): Promise<number> {
    return withTenant(dataSource, firmId, async (manager) =>
      Number((await manager.query(`SELECT count(*) AS n FROM matter_projection`))[0].n),
    );
  }

  /** Starts a consumer from the end of the topic and waits until it demonstrably receives. */
  async function startConsumer(
    batchHandler: NonNullable<ConstructorParameters<typeof EventConsumer>[0]['batchHandler']>,
  ): Promise<EventConsumer> {
    const handlers = matterProjectionHandlers();
    const consumer = new EventConsumer({
      kafka,
      dataSource,
      logger: quiet,
      groupId: `batch-spec-${randomUUID().slice(0, 8)}`,
      topics: [TOPIC],
      handlers,
      batchHandler,
      fromBeginning: false,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxAttempts: 2,
      retryBaseMs: 10,
    });
    await consumer.start();
    const sentinelFirm = newFirmId();
    await eventually(
      async () => {
        await producer.send({
          topic: TOPIC,
          messages: [{ key: 'sentinel', value: JSON.stringify(opened(sentinelFirm, 'sentinel')) }],
        });
        return (await projected(sentinelFirm)) > 0 ? true : undefined;
      },
      30_000,
      1000,
    );
    return consumer;
  }

  it('applies a batch per firm in one call and drops redelivered events', async () => {
    const applied: string[] = [];
    const handlers = matterProjectionHandlers();
    const consumer = await startConsumer(async (envelopes, manager) => {
      applied.push(...envelopes.map((envelope) => envelope.firmId));
      for (const envelope of envelopes) await handlers[envelope.type]?.(envelope, manager);
    });
    try {
      const [firmA, firmB] = [newFirmId(), newFirmId()];
      const key = randomUUID();
      const events = [
        opened(firmA, key),
        opened(firmB, key),
        opened(firmA, key),
        opened(firmA, key),
        opened(firmB, key),
      ];
      const messages = events.map((event) => ({ key, value: JSON.stringify(event) }));
      await producer.send({ topic: TOPIC, messages });
      await eventually(async () =>
        (await projected(firmA)) === 3 && (await projected(firmB)) === 2 ? true : undefined,
      );
      const ours = (): number => applied.filter((firmId) => firmId === firmA || firmId === firmB).length;
      expect(ours()).toBe(5);
      await producer.send({ topic: TOPIC, messages }); // the same events again
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(ours()).toBe(5);
      expect(await projected(firmA)).toBe(3);
      expect(await projected(firmB)).toBe(2);
    } finally {
      await consumer.stop();
    }
  });

  it('falls back to one event at a time when a batch fails', async () => {
    let batchCalls = 0;
    const consumer = await startConsumer(async () => {
      batchCalls += 1;
      throw new Error('batch path broken');
    });
    try {
      const firmId = newFirmId();
      const key = randomUUID();
      await producer.send({
        topic: TOPIC,
        messages: [1, 2, 3].map(() => ({ key, value: JSON.stringify(opened(firmId, key)) })),
      });
      await eventually(async () => ((await projected(firmId)) === 3 ? true : undefined));
      expect(batchCalls).toBeGreaterThan(0);
    } finally {
      await consumer.stop();
    }
  });
});
