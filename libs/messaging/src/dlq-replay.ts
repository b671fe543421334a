import { dlqTopicOf } from '@lawfirm/contracts';
import { Partitioners, type IHeaders, type Kafka } from 'kafkajs';
import { DLQ_HEADERS } from './event-consumer';

export interface ReplayOptions {
  kafka: Kafka;
  /** The original topic whose dead letters are re-driven, e.g. `intake.matter.v1`. */
  topic: string;
  /** Only re-drive letters parked by this consumer group (others are skipped). */
  consumerGroup?: string;
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface ReplayResult {
  replayed: number;
  skipped: number;
}

/**
 * Re-drives a dead-letter topic: every letter present when the replay starts goes back to
 * its original topic with its original key and headers (dlq-* removed, a replay mark
 * added). Progress is committed in its own consumer group (one per consumer-group filter),
 * so a second run continues where the first stopped and never sends a letter twice.
 * Consumers that already processed the event drop the copy through their inbox.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayResult> {
  const { kafka, topic } = options;
  const dlqTopic = dlqTopicOf(topic);
  const log = options.log ?? (() => undefined);
  // One progress group per filter: a filtered run commits past other groups' letters, which
  // must stay replayable for those groups.
  const groupId = options.consumerGroup
    ? `dlq-replay.${topic}.${options.consumerGroup}`
    : `dlq-replay.${topic}`;
  const admin = kafka.admin();
  await admin.connect();
  const highWatermarks = new Map<number, bigint>();
  const startOffsets = new Map<number, bigint>();
  try {
    const committed = new Map<number, bigint>();
    for (const { partitions } of await admin.fetchOffsets({ groupId, topics: [dlqTopic] })) {
      for (const { partition, offset } of partitions) committed.set(partition, BigInt(offset));
    }
    for (const { partition, high, low } of await admin.fetchTopicOffsets(dlqTopic)) {
      highWatermarks.set(partition, BigInt(high));
      const from = committed.get(partition) ?? -1n;
      startOffsets.set(partition, from >= 0n ? from : BigInt(low));
    }
  } finally {
    await admin.disconnect();
  }
  const result: ReplayResult = { replayed: 0, skipped: 0 };
  // Wait only on partitions with letters this group has not handled yet: one with none
  // (e.g. on a second run) never delivers a message, and the run would never end.
  const remaining = new Set(
    [...highWatermarks]
      .filter(([partition, high]) => high > (startOffsets.get(partition) ?? 0n))
      .map(([partition]) => partition),
  );
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 200,
  });
  await producer.connect();
  await consumer.connect();
  try {
    const finished = new Promise<void>((resolve, reject) => {
      if (remaining.size === 0) return resolve();
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
      void consumer
        .subscribe({ topic: dlqTopic, fromBeginning: true })
        .then(() =>
          consumer.run({
            autoCommit: true,
            eachMessage: async ({ partition, message }) => {
              const high = highWatermarks.get(partition) ?? 0n;
              if (BigInt(message.offset) >= high) {
                remaining.delete(partition);
                if (remaining.size === 0) resolve();
                return;
              }
              const headers = message.headers ?? {};
              const group = headerText(headers, DLQ_HEADERS.consumerGroup);
              if (options.consumerGroup && group !== options.consumerGroup) {
                result.skipped += 1;
              } else {
                const target = headerText(headers, DLQ_HEADERS.originalTopic) ?? topic;
                log(
                  `replaying ${dlqTopic}[${partition}]@${message.offset} -> ${target} (${headerText(headers, DLQ_HEADERS.error) ?? 'no error recorded'})`,
                );
                if (!options.dryRun) {
                  await producer.send({
                    topic: target,
                    acks: -1,
                    messages: [{ key: message.key, value: message.value, headers: replayHeaders(headers) }],
                  });
                }
                result.replayed += 1;
              }
              if (BigInt(message.offset) + 1n >= high) {
                remaining.delete(partition);
                if (remaining.size === 0) resolve();
              }
            },
          }),
        )
        .catch(reject);
    });
    await finished;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return result;
}

export function headerText(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** A letter's headers as it goes back to its topic: the dlq-* ones dropped, a replay mark added. */
export function replayHeaders(headers: IHeaders): IHeaders {
  const kept: IHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('dlq-') && value !== undefined) kept[name] = value;
  }
  kept['dlq-replayed-at'] = new Date().toISOString();
  return kept;
}
