import { dlqTopicOf, InvalidEventError, parseEvent, type EventEnvelope } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import {
  Partitioners,
  type Consumer,
  type EachBatchPayload,
  type EachMessagePayload,
  type Kafka,
  type Producer,
} from 'kafkajs';
import { Counter, Gauge } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { backoffDelay, sleep } from './backoff';
import { classifyConsumerError, type ConsumerErrorKind } from './error-classification';
import { errorMessage, type RelayLogger } from './outbox-relay';
import { runConsumedBatch, runConsumedEvent } from './trace-context';

/**
 * Handles one event type. Before it is called, `data` has been validated against the payload
 * class registered for `envelope.type`, so a handler declares the payload it expects
 * (`EventEnvelope<MatterOpenedV1>`). `never` accepts every such declaration without `any`.
 */
export type EventHandler = (envelope: EventEnvelope<never>, manager: EntityManager) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: RelayLogger;
  /** Consumer group id; also the inbox's consumer name. */
  groupId: string;
  topics: string[];
  /** Handlers by event type. Types without a handler are acknowledged and ignored. */
  handlers: Record<string, EventHandler>;
  /** Attempts at an event failing with an unclassified error before it is dead-lettered (default 5). */
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * Back-off for transient errors (database or broker unavailable, serialization failure, deadlock,
   * lock timeout): from `transientRetryBaseMs` (default 500) doubling to `transientRetryMaxMs`
   * (default 5 s: a retry is one cheap query, and a consumer should catch up within seconds of a
   * failover rather than wait out a long back-off), with jitter, for as long as the error lasts. Such an event is never
   * dead-lettered; its partition is paused meanwhile, the consumer's other partitions go on.
   */
  transientRetryBaseMs?: number;
  transientRetryMaxMs?: number;
  /** After this long failing transiently (default 5 min) each retry is logged as an error and counted as an alert. */
  transientAlertAfterMs?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  fromBeginning?: boolean;
  /**
   * Partitions handled at the same time (default 4, the manifest's partition count). Each partition
   * is still handled in order, so one aggregate's events (keyed by aggregate id) apply in order.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Called when kafkajs gives up on the consumer for good (a non-retriable crash, e.g. the
   * broker lost the group after a restart). The owner starts it again.
   */
  onFatalCrash?: () => void;
  /**
   * Optional fast path for high-volume streams: every event of one firm in a fetched batch is
   * applied by one call in one transaction (after the inbox drops the ones already seen). If any
   * part of a batch fails, the batch is processed again message by message through `handlers`,
   * with the usual retries and dead-lettering; events already applied are then duplicates.
   */
  batchHandler?: (envelopes: Array<EventEnvelope<never>>, manager: EntityManager) => Promise<void>;
}

const consumed = new Counter({
  name: 'events_consumed_total',
  help: 'Events handled by consumers, by outcome',
  labelNames: ['consumer', 'type', 'outcome'],
});

const failures = new Counter({
  name: 'consumer_event_failures_total',
  help: 'Failed attempts at handling an event, by error kind (transient: retried; permanent: dead-lettered at once; unknown: retried a few times, then dead-lettered)',
  labelNames: ['consumer', 'type', 'kind'],
});
const pausedPartitions = new Gauge({
  name: 'consumer_partitions_paused',
  help: 'Partitions a consumer holds while an event fails transiently',
  labelNames: ['consumer'],
});
const transientAlerts = new Counter({
  name: 'consumer_transient_retry_alerts_total',
  help: 'Retries of an event that has been failing transiently for longer than the alert threshold',
  labelNames: ['consumer'],
});

export const DLQ_HEADERS = {
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  error: 'dlq-error',
  errorKind: 'dlq-error-kind',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

/**
 * Consumes events idempotently: the handler's effects and the event id (inbox) commit in
 * one firm-scoped transaction, and kafkajs commits the offset only after that. A
 * redelivered event finds its inbox row and does nothing. A failing event is retried with
 * backoff and jitter a bounded number of times, then parked on `<topic>.dlq` with its
 * original headers and the error, so one poison message never stalls its partition.
 */
export class EventConsumer {
  private consumer: Consumer | undefined;
  private dlqProducer: Producer | undefined;
  private stopping = false;

  constructor(private readonly options: EventConsumerOptions) {}

  async start(): Promise<void> {
    this.stopping = false;
    const { kafka, groupId, topics } = this.options;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeout ?? 10_000,
      heartbeatInterval: this.options.heartbeatInterval ?? 1000,
      maxWaitTimeInMs: 200,
      allowAutoTopicCreation: false,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5000 },
    });
    this.consumer = consumer;
    this.dlqProducer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.dlqProducer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    consumer.on(consumer.events.CRASH, (event) => {
      const restart = event.payload.restart;
      this.options.logger.error(
        { groupId, err: errorMessage(event.payload.error), restart },
        'consumer crashed',
      );
      if (!restart && !this.stopping && this.consumer === consumer) this.options.onFatalCrash?.();
    });
    await consumer.run(
      this.options.batchHandler
        ? {
            autoCommit: true,
            partitionsConsumedConcurrently: this.concurrency(),
            eachBatchAutoResolve: false,
            eachBatch: (payload) => this.handleBatch(payload),
          }
        : {
            autoCommit: true,
            partitionsConsumedConcurrently: this.concurrency(),
            eachMessage: (payload) => this.handleMessage(payload),
          },
    );
  }

  private concurrency(): number {
    return this.options.partitionsConsumedConcurrently ?? 4;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const batchHandler = this.options.batchHandler;
    const last = batch.messages[batch.messages.length - 1];
    if (!batchHandler || !last) return;
    // One span for the batch, linked to each message's trace (see runConsumedBatch).
    const applied = await runConsumedBatch(
      batch.messages,
      { topic: batch.topic, partition: batch.partition, groupId: this.options.groupId },
      () => this.tryBatch(batch.topic, batch.messages, batchHandler),
    );
    if (applied) {
      resolveOffset(last.offset);
      await heartbeat();
      return;
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      await this.handleMessage({
        topic: batch.topic,
        partition: batch.partition,
        message,
        heartbeat,
        pause: payload.pause,
      });
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  /** Applies a whole batch through the batch handler; false means "fall back to one by one". */
  private async tryBatch(
    topic: string,
    messages: EachBatchPayload['batch']['messages'],
    batchHandler: NonNullable<EventConsumerOptions['batchHandler']>,
  ): Promise<boolean> {
    const byFirm = new Map<string, EventEnvelope[]>();
    for (const message of messages) {
      let envelope: EventEnvelope;
      try {
        envelope = parseEvent(message.value ?? '');
      } catch {
        return false;
      }
      if (!this.options.handlers[envelope.type]) return false;
      byFirm.set(envelope.firmId, [...(byFirm.get(envelope.firmId) ?? []), envelope]);
    }
    try {
      for (const [firmId, envelopes] of byFirm) {
        await withTenant(this.options.dataSource, firmId, async (manager) => {
          const fresh: Array<{ event_id: string }> = await manager.query(
            `INSERT INTO inbox (consumer, event_id, firm_id, topic, event_type)
             SELECT $1, e.id, $2, $3, e.type FROM unnest($4::uuid[], $5::text[]) AS e(id, type)
             ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
            [this.options.groupId, firmId, topic, envelopes.map((e) => e.id), envelopes.map((e) => e.type)],
          );
          const freshIds = new Set(fresh.map((row) => row.event_id));
          const toApply = envelopes.filter((envelope) => freshIds.has(envelope.id));
          if (toApply.length) await batchHandler(toApply as Array<EventEnvelope<never>>, manager);
        });
      }
      consumed.inc({ consumer: this.options.groupId, type: 'batch', outcome: 'applied' }, messages.length);
      return true;
    } catch (error) {
      this.options.logger.warn(
        { groupId: this.options.groupId, err: errorMessage(error) },
        'batch failed; processing its events one by one',
      );
      return false;
    }
  }

  /** Visible for tests: process one raw message as the consumer would. */
  async handleMessage({ topic, partition, message, heartbeat, pause }: EachMessagePayload): Promise<void> {
    const { groupId } = this.options;
    let envelope: EventEnvelope;
    try {
      envelope = parseEvent(message.value ?? '');
    } catch (error) {
      const reason = error instanceof InvalidEventError ? error.message : errorMessage(error);
      consumed.inc({ consumer: groupId, type: 'unparseable', outcome: 'dead-lettered' });
      failures.inc({ consumer: groupId, type: 'unparseable', kind: 'permanent' });
      this.options.logger.error(
        { groupId, topic, partition, offset: message.offset, kind: 'permanent', err: reason },
        'event is not valid; dead-lettering at once',
      );
      await this.deadLetter(topic, partition, message, reason, 'permanent', 1);
      return;
    }
    const handler = this.options.handlers[envelope.type];
    if (!handler) {
      consumed.inc({ consumer: groupId, type: envelope.type, outcome: 'ignored' });
      return;
    }
    const held = new PartitionHold(groupId, pause);
    try {
      await this.applyWithRetries(topic, partition, message, envelope, handler, heartbeat, held);
    } finally {
      held.release();
    }
  }

  /**
   * Applies one event until it sticks, or dead-letters it: a permanent error at once, an unknown
   * one after `maxAttempts`; a transient one is retried as long as it lasts (see the options).
   */
  private async applyWithRetries(
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    envelope: EventEnvelope,
    handler: EventHandler,
    heartbeat: () => Promise<void>,
    held: PartitionHold,
  ): Promise<void> {
    const { groupId } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 5;
    let unknownAttempts = 0;
    let transientAttempts = 0;
    let transientSince: number | undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // The handler's own events continue the trace of the event it handles.
        const applied = await runConsumedEvent(
          message.headers,
          {
            topic,
            partition,
            offset: message.offset,
            key: message.key,
            groupId,
            eventId: envelope.id,
            eventType: envelope.type,
            attempt,
          },
          () => this.applyOnce(envelope, topic, handler),
        );
        consumed.inc({ consumer: groupId, type: envelope.type, outcome: applied ? 'applied' : 'duplicate' });
        if (transientSince !== undefined)
          this.options.logger.info(
            {
              groupId,
              topic,
              partition,
              eventId: envelope.id,
              attempt,
              failingForMs: Date.now() - transientSince,
            },
            'event applied after transient failures; partition resumed',
          );
        return;
      } catch (error) {
        if (this.stopping) throw error; // leave the offset uncommitted; another member redelivers it
        const kind = classifyConsumerError(error);
        failures.inc({ consumer: groupId, type: envelope.type, kind });
        const context = {
          groupId,
          topic,
          partition,
          offset: message.offset,
          eventId: envelope.id,
          eventType: envelope.type,
          attempt,
          kind,
          err: errorMessage(error),
        };
        if (kind === 'transient') {
          transientAttempts += 1;
          transientSince ??= Date.now();
          held.hold();
          const delay = backoffDelay(
            transientAttempts,
            this.options.transientRetryBaseMs ?? 500,
            this.options.transientRetryMaxMs ?? 5_000,
          );
          const failingForMs = Date.now() - transientSince;
          if (failingForMs >= (this.options.transientAlertAfterMs ?? 300_000)) {
            transientAlerts.inc({ consumer: groupId });
            this.options.logger.error(
              { ...context, delay, failingForMs },
              'event still failing transiently; partition paused, retrying (never dead-lettered)',
            );
          } else {
            this.options.logger.warn(
              { ...context, delay, failingForMs },
              'transient error; partition paused, retrying',
            );
          }
          await this.waitHoldingPartition(delay, heartbeat);
          continue;
        }
        if (kind === 'unknown') unknownAttempts += 1;
        if (kind === 'permanent' || unknownAttempts >= maxAttempts) {
          this.options.logger.error(
            context,
            kind === 'permanent'
              ? 'event refused permanently; dead-lettering at once'
              : 'event failed after retries; dead-lettering',
          );
          consumed.inc({ consumer: groupId, type: envelope.type, outcome: 'dead-lettered' });
          await this.deadLetter(topic, partition, message, errorMessage(error), kind, attempt);
          return;
        }
        const delay = backoffDelay(
          unknownAttempts,
          this.options.retryBaseMs ?? 200,
          this.options.retryMaxMs ?? 5000,
        );
        this.options.logger.warn({ ...context, delay }, 'event failed; retrying');
        await sleepWithHeartbeat(delay, heartbeat);
      }
    }
  }

  /**
   * Waits out a transient failure, heartbeating so the group keeps the partition. A rebalance
   * ends the wait by throwing: kafkajs rejoins, the offset stays uncommitted and whoever gets the
   * partition takes the event up again.
   */
  private async waitHoldingPartition(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (this.stopping) throw new Error('consumer stopping during a transient retry');
      await sleep(Math.min(500, until - Date.now()));
      try {
        await heartbeat();
      } catch (error) {
        if (isGroupMembershipLost(error)) throw error;
      }
    }
  }

  /** Returns false when the event was already processed (its id is in the inbox). */
  private async applyOnce(envelope: EventEnvelope, topic: string, handler: EventHandler): Promise<boolean> {
    return withTenant(this.options.dataSource, envelope.firmId, async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox (consumer, event_id, firm_id, topic, event_type) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
        [this.options.groupId, envelope.id, envelope.firmId, topic, envelope.type],
      );
      if (inserted.length === 0) return false;
      // The registry validated `data` for this type; the handler's declared payload type is trusted.
      await handler(envelope as EventEnvelope<never>, manager);
      return true;
    });
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    reason: string,
    kind: ConsumerErrorKind,
    attempts: number,
  ): Promise<void> {
    if (!this.dlqProducer) throw new Error('consumer not started');
    await this.dlqProducer.send({
      topic: dlqTopicOf(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...(message.headers ?? {}),
            [DLQ_HEADERS.originalTopic]: topic,
            [DLQ_HEADERS.originalPartition]: String(partition),
            [DLQ_HEADERS.originalOffset]: message.offset,
            [DLQ_HEADERS.consumerGroup]: this.options.groupId,
            [DLQ_HEADERS.error]: reason.slice(0, 2000),
            [DLQ_HEADERS.errorKind]: kind,
            [DLQ_HEADERS.attempts]: String(attempts),
            [DLQ_HEADERS.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
  }
}

/**
 * Pauses fetching for one partition while its head event fails transiently (the consumer's other
 * partitions go on), and resumes it once the event is applied or given up.
 */
class PartitionHold {
  private resume: (() => void) | undefined;

  constructor(
    private readonly groupId: string,
    private readonly pause: EachMessagePayload['pause'] | undefined,
  ) {}

  hold(): void {
    if (this.resume || !this.pause) return;
    this.resume = this.pause();
    pausedPartitions.inc({ consumer: this.groupId });
  }

  release(): void {
    if (!this.resume) return;
    this.resume();
    this.resume = undefined;
    pausedPartitions.dec({ consumer: this.groupId });
  }
}

/** The heartbeat says this member no longer owns its partitions (a rebalance started, or it was expelled). */
function isGroupMembershipLost(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return (
    type === 'REBALANCE_IN_PROGRESS' ||
    type === 'UNKNOWN_MEMBER_ID' ||
    type === 'ILLEGAL_GENERATION' ||
    type === 'FENCED_INSTANCE_ID'
  );
}

async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await sleep(Math.min(500, until - Date.now()));
    await heartbeat().catch(() => undefined);
  }
}
