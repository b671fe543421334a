import { TOPICS } from '@lawfirm/contracts';
import { withScope } from '@lawfirm/database';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { Counter } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
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
  /** Failed tries after which a row that cannot be published is parked (default 10). */
  maxPublishAttempts?: number;
  /** A row's message larger than this is refused without asking the broker (default 1,000,000 bytes, under Kafka's default `message.max.bytes`). */
  maxMessageBytes?: number;
  /** Topics a row may name (default: the manifest's). A row naming another can never be published. */
  knownTopics?: ReadonlySet<string>;
}

interface OutboxRow {
  id: string;
  firm_id: string;
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
const rowFailures = new Counter({
  name: 'outbox_row_publish_failures_total',
  help: 'Outbox rows that failed to publish for a reason of their own (unknown topic, too large, refused by the broker)',
  labelNames: ['topic'],
});
const rowsParked = new Counter({
  name: 'outbox_rows_parked_total',
  help: 'Outbox rows parked after too many failed tries (alert: each needs an operator; see libs/messaging/README.md)',
  labelNames: ['topic'],
});

/** Session lock of the active relay of a database (its listen connection holds it). */
const LEADERSHIP_LOCK = 'outbox-relay';
/** Transaction lock every publishing transaction takes: one batch at a time per database. */
const BATCH_LOCK = 'outbox-relay-batch';

const MANIFEST_TOPICS: ReadonlySet<string> = new Set(Object.values(TOPICS).map((topic) => topic.name));

/**
 * Broker refusals that concern one message, not the broker: retrying the batch cannot help, so the
 * rows are tried one by one and the refused ones recorded (and parked in the end).
 */
const ROW_SPECIFIC_BROKER_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
]);

/**
 * Publishes committed outbox rows in commit order with an idempotent producer (acks=all),
 * then marks them sent. Wakes on LISTEN/NOTIFY; a session advisory lock on the listen connection
 * elects one active relay per database, and every batch re-checks it and takes a transaction lock
 * (see leadsThisBatch), so order per aggregate is kept even with several replicas. A crash
 * between publish and mark re-publishes the batch; consumers drop the duplicate by event id.
 */
export class OutboxRelay {
  private producer: Producer | undefined;
  private listenClient: Client | undefined;
  /** Backend pid of the listen session that holds the leadership lock, checked before every batch. */
  private leaderPid: number | undefined;
  /** Set by a batch that found the leadership lock gone from our session: the loop steps down. */
  private leadershipLost = false;
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
    // A silently dropped session may never answer the goodbye: do not wait for it.
    const client = this.listenClient;
    this.listenClient = undefined;
    if (client) await Promise.race([client.end().catch(() => undefined), sleep(1000)]);
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
        // The listen session may have dropped since ensureLeadership: then there is no batch this round.
        const leaderPid = this.leaderPid;
        const sent = leaderPid === undefined ? 0 : await this.publishBatch(leaderPid);
        failures = 0;
        if (this.leadershipLost) {
          await this.stepDown();
          continue;
        }
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

  /**
   * Publishes one batch; returns how many rows it dealt with (sent, or failed for a reason of their
   * own). A row that can never be published (a topic outside the manifest, a message over the size
   * limit, a broker refusal of that one message) does not hold the others back: its try and error
   * are recorded, it waits a back-off before the next, and after `maxPublishAttempts` it is parked
   * (`parked_at`), with an error log and `outbox_rows_parked_total`, until an operator re-drives it.
   * A failure of the broker itself rolls the batch back and the loop retries it whole.
   */
  drainOnce(): Promise<number> {
    return this.publishBatch(undefined);
  }

  /** One batch; with `leaderPid` (the loop's), only while that session still leads (see leadsThisBatch). */
  private async publishBatch(leaderPid: number | undefined): Promise<number> {
    const batchSize = this.options.batchSize ?? 1000;
    return withScope(this.options.dataSource, OUTBOX_RELAY_SCOPE, async (manager) => {
      if (leaderPid !== undefined && !(await this.leadsThisBatch(manager, leaderPid))) return 0;
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, firm_id, topic, message_key, headers, envelope::text AS envelope FROM outbox
          WHERE sent_at IS NULL AND parked_at IS NULL
            AND (next_attempt_at IS NULL OR next_attempt_at <= clock_timestamp())
          ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const refused: Array<{ row: OutboxRow; reason: string }> = [];
      const sendable: OutboxRow[] = [];
      for (const row of rows) {
        const reason = this.refusalOf(row);
        if (reason) refused.push({ row, reason });
        else sendable.push(row);
      }
      let sent: OutboxRow[] = [];
      try {
        await publish(await this.getProducer(), sendable);
        sent = sendable;
      } catch (error) {
        if (!isRowSpecific(error)) throw error;
        // Find the row(s) the broker refuses; the rest go out one by one, in order. A refused send
        // leaves the idempotent producer's sequence numbers out of step with the broker's, so each
        // refusal gets a fresh producer (a new producer id).
        await this.resetProducer();
        for (const row of sendable) {
          try {
            await publish(await this.getProducer(), [row]);
            sent.push(row);
          } catch (rowError) {
            if (!isRowSpecific(rowError)) throw rowError;
            await this.resetProducer();
            refused.push({ row, reason: errorMessage(rowError) });
          }
        }
      }
      if (sent.length)
        await manager.query(
          `UPDATE outbox SET sent_at = clock_timestamp(), attempts = attempts + 1, next_attempt_at = NULL
            WHERE id = ANY($1)`,
          [sent.map((row) => row.id)],
        );
      for (const { row, reason } of refused) await this.recordRefusal(manager, row, reason);
      for (const row of sent) published.inc({ topic: row.topic });
      return rows.length;
    });
  }

  /** Why a row can never be published as it stands, found without asking the broker. */
  private refusalOf(row: OutboxRow): string | undefined {
    const knownTopics = this.options.knownTopics ?? MANIFEST_TOPICS;
    if (!knownTopics.has(row.topic)) return `topic ${row.topic} is not in the topic manifest`;
    const maxBytes = this.options.maxMessageBytes ?? 1_000_000;
    const bytes = messageBytes(row);
    if (bytes > maxBytes) return `message of ${bytes} bytes is over the ${maxBytes}-byte limit`;
    return undefined;
  }

  private async recordRefusal(manager: EntityManager, row: OutboxRow, reason: string): Promise<void> {
    const maxAttempts = this.options.maxPublishAttempts ?? 10;
    // The row waits (0.5 s doubling to 5 min) before its next try, so it never hogs the relay.
    // Through a CTE so TypeORM hands back the rows (an UPDATE's answer is [rows, count]).
    const [updated] = (await manager.query(
      `WITH updated AS (
         UPDATE outbox
            SET attempts = attempts + 1, last_error = $2,
                next_attempt_at = clock_timestamp() + least(300, 0.5 * 2 ^ least(attempts, 20)) * interval '1 second',
                parked_at = CASE WHEN attempts + 1 >= $3 THEN clock_timestamp() END
          WHERE id = $1 RETURNING attempts, parked_at)
       SELECT attempts, parked_at FROM updated`,
      [row.id, reason.slice(0, 2000), maxAttempts],
    )) as Array<{ attempts: number; parked_at: Date | null }>;
    rowFailures.inc({ topic: row.topic });
    const context = {
      outboxId: row.id,
      firmId: row.firm_id,
      topic: row.topic,
      attempts: updated?.attempts,
      err: reason,
    };
    if (updated?.parked_at) {
      rowsParked.inc({ topic: row.topic });
      this.options.logger.error(
        context,
        'outbox relay: row parked after repeated failures; it will not be published until re-driven',
      );
    } else {
      this.options.logger.warn(context, 'outbox relay: row could not be published; will retry it');
    }
  }

  /**
   * Leadership is re-checked inside every publishing transaction, because the session lock alone
   * can lie: a session dropped without our client noticing (a network partition, a killed backend
   * behind a proxy) loses its lock to a standby while we still believe we lead. So a batch goes out
   * only if (1) our listen session still holds the leadership lock, and (2) this transaction takes
   * the batch lock, held until it commits: no two batches of one database are ever published at
   * once, so rows are published in commit order and each is marked once. Losing (1) makes the
   * relay step down; (2) busy (the previous leader finishing its last batch) just skips this round.
   */
  private async leadsThisBatch(manager: EntityManager, leaderPid: number): Promise<boolean> {
    const [check] = (await manager.query(
      `SELECT EXISTS (SELECT 1 FROM pg_locks
                       WHERE locktype = 'advisory' AND granted AND pid = $1
                         AND objid = hashtext('${LEADERSHIP_LOCK}')::oid) AS leading,
              pg_try_advisory_xact_lock(hashtext('${BATCH_LOCK}')) AS batch`,
      [leaderPid],
    )) as Array<{ leading: boolean; batch: boolean }>;
    if (!check?.leading) {
      this.leadershipLost = true;
      this.options.logger.warn(
        { leaderPid },
        'outbox relay: our session no longer holds the leadership lock; stepping down',
      );
      return false;
    }
    return check.batch;
  }

  /** Gives up leadership: the listen session goes (with its lock, if it still has it), and the loop waits for the lock again. */
  private async stepDown(): Promise<void> {
    const client = this.listenClient;
    this.listenClient = undefined;
    this.leaderPid = undefined;
    this.leadershipLost = false;
    // A silently dropped session may never answer the goodbye: do not wait for it.
    if (client) await Promise.race([client.end().catch(() => undefined), sleep(1000)]);
  }

  private async ensureLeadership(): Promise<void> {
    if (this.listenClient) return;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: `${this.options.service}-outbox-relay`,
    });
    client.on('error', (error) => {
      this.options.logger.warn({ err: errorMessage(error) }, 'outbox relay: listen connection lost');
      if (this.listenClient === client) {
        this.listenClient = undefined;
        this.leaderPid = undefined;
      }
      this.notify();
    });
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_lock(hashtext('${LEADERSHIP_LOCK}')) AS locked`,
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
      const { rows: pid } = await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
      this.leaderPid = pid[0]?.pid;
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

/** One sendBatch for rows (grouped by topic, in order), acks from all in-sync replicas. */
async function publish(producer: Producer, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const byTopic = new Map<string, Message[]>();
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
}

/** The size of a row's record as the broker counts it, near enough (key, value, headers, framing). */
function messageBytes(row: OutboxRow): number {
  let bytes = Buffer.byteLength(row.envelope) + Buffer.byteLength(row.message_key) + 70;
  for (const [name, value] of Object.entries(row.headers ?? {}))
    bytes += Buffer.byteLength(name) + Buffer.byteLength(String(value)) + 2;
  return bytes;
}

/** Whether a broker error concerns the message(s) sent rather than the broker (kafkajs wraps errors). */
function isRowSpecific(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { type, originalError, cause, errors } = current as {
      type?: unknown;
      originalError?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof type === 'string' && ROW_SPECIFIC_BROKER_ERRORS.has(type)) return true;
    queue.push(originalError, cause, ...(Array.isArray(errors) ? errors : []));
  }
  return false;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
