import { withScope } from '@lawfirm/database';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import { backoffDelay, sleep } from './backoff';
import { OUTBOX_CHANNEL, OUTBOX_RELAY_SCOPE } from './schema';
import { parentContextOf } from './trace-context';

export interface RelayLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** Connection string for the LISTEN connection (the app role). */
  databaseUrl: string;
  kafka: Kafka;
  logger: RelayLogger;
  service: string;
  batchSize?: number;
  /** Fallback poll in case a notification is missed (e.g. while reconnecting). */
  idlePollMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  /** The envelope as PostgreSQL prints the jsonb: published as it is, never parsed here. */
  envelope: string;
}

const published = new Counter({
  name: 'outbox_events_published_total',
  help: 'Events the outbox relay published to Kafka',
  labelNames: ['topic'],
});
const publishFailures = new Counter({
  name: 'outbox_publish_failures_total',
  help: 'Failed attempts to publish an outbox batch',
});

/**
 * Publishes committed outbox rows in commit order with an idempotent producer (acks=all),
 * then marks them sent. Wakes on LISTEN/NOTIFY; a session advisory lock keeps one active
 * relay per database so order per aggregate is kept even with several replicas. A crash
 * between publish and mark re-publishes the batch; consumers drop the duplicate by event id.
 */
export class OutboxRelay {
  private producer: Producer | undefined;
  private listenClient: Client | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private pendingWake = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
    await this.listenClient?.end().catch(() => undefined);
  }

  private notify(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.ensureLeadership();
        if (!this.running) break;
        const sent = await this.drainOnce();
        failures = 0;
        if (sent >= (this.options.batchSize ?? 1000)) continue;
        await this.waitForWork();
      } catch (error) {
        failures += 1;
        publishFailures.inc();
        this.options.logger.warn(
          { err: errorMessage(error), failures },
          'outbox relay: publish failed, will retry',
        );
        await this.resetProducer();
        await this.sleepUnlessStopped(backoffDelay(failures, 250, 10_000));
      }
    }
  }

  /** Publishes one batch; returns how many rows were sent. */
  async drainOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 1000;
    return withScope(this.options.dataSource, OUTBOX_RELAY_SCOPE, async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, message_key, headers, envelope::text AS envelope FROM outbox
          WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const producer = await this.getProducer();
      const byTopic = new Map<
        string,
        Array<{ key: string; value: string; headers: Record<string, string> }>
      >();
      for (const row of rows) {
        const messages = byTopic.get(row.topic) ?? [];
        messages.push({ key: row.message_key, value: row.envelope, headers: row.headers });
        byTopic.set(row.topic, messages);
      }
      const spans = rows.flatMap((row) => publishSpan(row) ?? []);
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      } catch (error) {
        for (const span of spans) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
          span.end();
        }
        throw error;
      }
      for (const span of spans) span.end();
      await manager.query(
        `UPDATE outbox SET sent_at = clock_timestamp(), attempts = attempts + 1 WHERE id = ANY($1)`,
        [rows.map((row) => row.id)],
      );
      for (const [topic, messages] of byTopic) published.inc({ topic }, messages.length);
      return rows.length;
    });
  }

  private async ensureLeadership(): Promise<void> {
    if (this.listenClient) return;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: `${this.options.service}-outbox-relay`,
    });
    client.on('error', (error) => {
      this.options.logger.warn({ err: errorMessage(error) }, 'outbox relay: listen connection lost');
      if (this.listenClient === client) this.listenClient = undefined;
      this.notify();
    });
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_lock(hashtext('outbox-relay')) AS locked`,
        );
        if (rows[0]?.locked) break;
        if (!this.running) {
          // Stopped while another relay leads: this connection is not listenClient, so stop() cannot end it.
          await client.end().catch(() => undefined);
          return;
        }
        await this.sleepUnlessStopped(2000);
      }
      client.on('notification', () => this.notify());
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listenClient = client;
      this.options.logger.info({}, 'outbox relay: active');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  /** After a broker outage the producer's id and sequence may be stale; start a fresh one. */
  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async waitForWork(): Promise<void> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pendingWake = false;
        resolve();
      };
      const timer = setTimeout(done, this.options.idlePollMs ?? 5000);
      this.wake = done;
    });
  }

  private async sleepUnlessStopped(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.running && Date.now() < until) await sleep(Math.min(200, until - Date.now()));
  }
}

/**
 * A PRODUCER span for publishing one event, in the trace of the span that wrote it (whose
 * traceparent the message keeps: the consumer continues from there). An event written outside
 * any trace is published without a span.
 */
function publishSpan(row: OutboxRow): Span | undefined {
  const parent = parentContextOf(row.headers);
  if (parent === ROOT_CONTEXT) return undefined;
  return trace.getTracer('@lawfirm/messaging').startSpan(
    `send ${row.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': row.topic,
        'messaging.kafka.message.key': row.message_key,
        'messaging.message.id': row.id,
      },
    },
    parent,
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
