import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@lawfirm/contracts';
import { EventsController, type InboxContext } from '@lawfirm/messaging';
import { WEBHOOK_EVENT_TYPES } from './event-catalogue';
import { WebhooksService } from './webhooks.service';

/**
 * Every subscribable event, from every domain topic, in one consumer group
 * (`<KAFKA_GROUP_PREFIX>gateway.webhooks`, shared by all gateway instances): the event is kept and
 * its deliveries enqueued in the inbox transaction, so each (event, subscription) is enqueued once.
 * A new group starts at the newest events: nobody had subscribed to older ones.
 */
@EventsController()
export class WebhookConsumer {
  constructor(private readonly webhooks: WebhooksService) {}

  @EventPattern([...WEBHOOK_EVENT_TYPES], { consumer: 'webhooks', fromBeginning: false })
  async enqueue(@Payload() envelope: EventEnvelope, @Ctx() context: InboxContext): Promise<void> {
    await this.webhooks.enqueue(envelope, context.topic, context.manager);
  }
}
