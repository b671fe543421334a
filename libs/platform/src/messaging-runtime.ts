import {
  createKafka,
  EventConsumer,
  OutboxRelay,
  parseBrokers,
  type ConsumerGroupSpec,
  type InboxConsumerHost,
} from '@lawfirm/messaging';
import type { Logger } from '@lawfirm/observability';
import type { Admin, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from './config';

/**
 * The service's connection to the event backbone: one Kafka client, the outbox relay, and the
 * consumer groups that the Nest transport (KafkaInboxTransport) derives from the app's
 * `@EventPattern` handlers, created with the house defaults. Consumers start in the background and
 * retry until the broker answers, so a broker outage delays events but never loses them.
 */
export class MessagingRuntime implements InboxConsumerHost {
  readonly kafka: Kafka;
  private readonly consumers: EventConsumer[] = [];
  private readonly relay: OutboxRelay;
  private admin: Admin | undefined;
  private started = false;
  private stopped = false;

  constructor(
    readonly service: string,
    private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {
    this.kafka = createKafka({ brokers: parseBrokers(config.KAFKA_BROKERS), clientId: service }, (entry) => {
      const { message, ...rest } = entry.log;
      this.logger.warn({ kafka: rest, namespace: entry.namespace }, message);
    });
    this.relay = new OutboxRelay({
      dataSource,
      databaseUrl: config.DATABASE_URL,
      kafka: this.kafka,
      logger: logger.child({ component: 'outbox-relay' }),
      service,
    });
  }

  startConsumerGroups(specs: ConsumerGroupSpec[]): void {
    for (const spec of specs) {
      const consumer = this.consumer(spec);
      if (this.started && !this.stopped) void this.startWithRetry(consumer);
    }
  }

  async stopConsumerGroups(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop()));
  }

  private consumer(spec: ConsumerGroupSpec): EventConsumer {
    // Annotated, so the crash callback may name the consumer it belongs to (it runs only later).
    const consumer: EventConsumer = new EventConsumer({
      onFatalCrash: () => void this.restartConsumer(consumer),
      ...spec,
      kafka: this.kafka,
      dataSource: this.dataSource,
      logger: this.logger.child({ component: `consumer:${spec.name}` }),
      groupId: `${this.config.KAFKA_GROUP_PREFIX}${this.service}.${spec.name}`,
      sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.max(300, Math.floor(this.config.KAFKA_SESSION_TIMEOUT_MS / 10)),
    });
    this.consumers.push(consumer);
    return consumer;
  }

  /** Starts the relay, and the consumers of groups registered so far (later ones start as they come). */
  start(): void {
    this.started = true;
    this.relay.start();
    for (const consumer of this.consumers) void this.startWithRetry(consumer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await this.relay.stop();
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** Readiness: the broker answers a metadata request. */
  async checkBroker(): Promise<void> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      this.admin = admin;
    }
    try {
      await this.admin.describeCluster();
    } catch (error) {
      const admin = this.admin;
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async restartConsumer(consumer: EventConsumer): Promise<void> {
    if (this.stopped) return;
    this.logger.warn({}, 'restarting a consumer that kafkajs gave up on');
    await consumer.stop();
    await this.startWithRetry(consumer);
  }

  private async startWithRetry(consumer: EventConsumer): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt += 1) {
      try {
        await consumer.start();
        return;
      } catch (error) {
        this.logger.warn(
          { attempt, err: error instanceof Error ? error.message : String(error) },
          'consumer could not start; retrying',
        );
        await consumer.stop();
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 500 * attempt)));
      }
    }
  }
}
