import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { AccessRevokedV1, parseEvent, TOPICS } from '@lawfirm/contracts';
import type { Logger } from '@lawfirm/observability';
import { LOGGER, MessagingRuntime, SERVICE_CONFIG } from '@lawfirm/platform';
import type { GatewayConfig } from '../config';
import { AccessEpochs } from './access-epochs';

/**
 * Hears every `gateway.access.revoked` event at *this* instance, so each gateway instance forgets a
 * revoked principal's cached epoch at once. Not an `@EventPattern` consumer: those share one group
 * and one inbox per service (an event is handled by one instance, once), whereas a cache
 * invalidation must reach every instance and is harmless to repeat. So each instance joins with a
 * group of its own, starting at the newest offset (what it has not cached, it loads fresh), and
 * commits nothing it would need again.
 */
@Injectable()
export class AccessRevocationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: Consumer | undefined;
  private joined: Promise<void> | undefined;

  constructor(
    private readonly epochs: AccessEpochs,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const consumer = this.messaging.kafka.consumer({
      groupId: `${this.config.KAFKA_GROUP_PREFIX}gateway.access.instance-${randomUUID()}`,
      sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.max(300, Math.floor(this.config.KAFKA_SESSION_TIMEOUT_MS / 10)),
    });
    this.consumer = consumer;
    // The first fetch comes after the group's offsets were resolved: from then on nothing is missed.
    this.joined = new Promise((resolve) => {
      consumer.on(consumer.events.FETCH_START, () => resolve());
    });
    void this.start(consumer);
  }

  /** Resolves once this instance's consumer fetches (tests wait for it before revoking). */
  whenListening(): Promise<void> {
    return this.joined ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async start(consumer: Consumer): Promise<void> {
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: TOPICS.gatewayAccess.name, fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (!message.value) return;
          try {
            const envelope = parseEvent(message.value);
            if (envelope.type !== AccessRevokedV1.type) return;
            const data = envelope.data as AccessRevokedV1;
            this.epochs.forget(data.principalType, data.principalId);
          } catch (error) {
            this.logger.warn(
              { err: error instanceof Error ? error.message : String(error), offset: message.offset },
              'ignored a message on gateway.access.v1 that is not a valid access event',
            );
          }
        },
      });
    } catch (error) {
      // Without the listener, revocations made at other instances reach this one only when its
      // cache entries expire (5 minutes); say so loudly rather than stop the gateway.
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'access revocation listener could not start: other instances’ revocations apply here only after the cache expires',
      );
    }
  }
}
