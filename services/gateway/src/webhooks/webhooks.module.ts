import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { DeliveryWorker } from './delivery-worker';
import { SecretBox } from './secret-box';
import { WebhookConsumer } from './webhook.consumer';
import { WebhooksController } from './webhooks.controller';
import { WEBHOOK_SETTINGS, WebhooksService, type WebhookSettings } from './webhooks.service';

/**
 * Webhooks (issue 16): firms' subscriptions (routes for firm admins), the consumer that enqueues
 * deliveries from every domain topic, and the delivery worker.
 */
@Module({})
export class WebhooksModule {
  static register(config: GatewayConfig): DynamicModule {
    const settings: WebhookSettings = {
      allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? config.NODE_ENV !== 'production',
      retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
      retryMaxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS,
      retryWindowMs: config.WEBHOOK_RETRY_WINDOW_MS,
      disableGraceMs: config.WEBHOOK_DISABLE_GRACE_MS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
      concurrency: config.WEBHOOK_CONCURRENCY,
    };
    return {
      module: WebhooksModule,
      controllers: [WebhooksController, WebhookConsumer],
      providers: [
        { provide: WEBHOOK_SETTINGS, useValue: settings },
        {
          provide: SecretBox,
          useValue: SecretBox.fromConfig(config.WEBHOOK_SECRET_KEY, config.GATEWAY_SIGNING_KEY),
        },
        WebhooksService,
        DeliveryWorker,
      ],
      exports: [WebhooksService],
    };
  }
}
