import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { dlqTopicOf } from '@lawfirm/contracts';
import { DomainError } from '@lawfirm/errors';
import { DLQ_HEADERS, headerText, replayHeaders } from '@lawfirm/messaging';
import { MessagingRuntime, SERVICE_CONFIG, type ServiceConfig } from '@lawfirm/platform';

/** A letter as Kafka holds it on `<topic>.dlq`, with what its dlq-* headers say about the failure. */
export interface DeadLetterMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

export interface DlqOffsets {
  partition: number;
  low: bigint;
  high: bigint;
}

export class BrokerUnavailableError extends DomainError {
  constructor(detail: string) {
    super('unavailable', 'broker_unavailable', `The broker did not answer in time: ${detail}`);
  }
}

/** How long one read of a dead-letter topic may take before the request fails with 503. */
const READ_TIMEOUT_MS = 20_000;

/**
 * Reads and re-sends dead letters. A read joins a throw-away consumer group that never commits
 * (kafkajs has no group-less fetch), seeks each partition to where the read starts and stops at the
 * high watermark it saw first; the group is deleted afterwards.
 */
@Injectable()
export class DeadLetterReader implements OnModuleDestroy {
  private producer: Promise<Producer> | undefined;

  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async offsets(topic: string): Promise<DlqOffsets[]> {
    const admin = this.messaging.kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(dlqTopicOf(topic))).map(({ partition, low, high }) => ({
        partition,
        low: BigInt(low),
        high: BigInt(high),
      }));
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * The letters at offsets [from, to) of each partition named in `ranges`, in offset order. Ranges are
   * clipped to what the topic holds.
   */
  async read(
    topic: string,
    ranges: Array<{ partition: number; from: bigint; to: bigint }>,
  ): Promise<DeadLetterMessage[]> {
    const wanted = ranges.filter((range) => range.to > range.from);
    if (wanted.length === 0) return [];
    const dlqTopic = dlqTopicOf(topic);
    const groupId = `${this.config.KAFKA_GROUP_PREFIX}admin-gateway.dlq-reader.${randomUUID()}`;
    const consumer = this.messaging.kafka.consumer({
      groupId,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
      retry: { retries: 2 },
    });
    const letters: DeadLetterMessage[] = [];
    const remaining = new Map(wanted.map((range) => [range.partition, range]));
    await consumer.connect();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new BrokerUnavailableError(`reading ${dlqTopic} took over ${READ_TIMEOUT_MS} ms`)),
          READ_TIMEOUT_MS,
        );
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        consumer.on(consumer.events.CRASH, (event) => {
          clearTimeout(timer);
          reject(new BrokerUnavailableError(String(event.payload.error)));
        });
        void consumer
          .subscribe({ topic: dlqTopic, fromBeginning: true })
          .then(() =>
            consumer.run({
              autoCommit: false,
              eachMessage: async ({ partition, message }) => {
                const range = remaining.get(partition);
                if (!range) return;
                const offset = BigInt(message.offset);
                if (offset >= range.from && offset < range.to) letters.push(letterOf(partition, message));
                if (offset + 1n >= range.to) {
                  remaining.delete(partition);
                  if (remaining.size === 0) done();
                }
              },
            }),
          )
          .then(() => {
            for (const range of wanted) {
              consumer.seek({ topic: dlqTopic, partition: range.partition, offset: range.from.toString() });
            }
          })
          .catch((error: unknown) => {
            clearTimeout(timer);
            reject(error instanceof DomainError ? error : new BrokerUnavailableError(String(error)));
          });
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
      const admin = this.messaging.kafka.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([groupId]))
        .catch(() => undefined)
        .finally(() => void admin.disconnect().catch(() => undefined));
    }
    return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }

  /** Sends letters back to the topic their consumer failed on, with their key and original headers. */
  async resend(topic: string, letters: DeadLetterMessage[]): Promise<void> {
    if (letters.length === 0) return;
    const producer = await this.connectedProducer();
    const byTarget = new Map<string, DeadLetterMessage[]>();
    for (const letter of letters) {
      const target = headerText(letter.headers, DLQ_HEADERS.originalTopic) ?? topic;
      byTarget.set(target, [...(byTarget.get(target) ?? []), letter]);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTarget].map(([target, group]) => ({
        topic: target,
        messages: group.map((letter) => ({
          key: letter.key,
          value: letter.value,
          headers: replayHeaders(letter.headers),
        })),
      })),
    });
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.messaging.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw new BrokerUnavailableError(String(error));
    });
    return this.producer;
  }

  async onModuleDestroy(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }
}

function letterOf(partition: number, message: KafkaMessage): DeadLetterMessage {
  return {
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: message.headers ?? {},
    timestamp: new Date(Number(message.timestamp)).toISOString(),
  };
}
