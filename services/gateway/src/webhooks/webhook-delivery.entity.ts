import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** `replayId` of a delivery made when the event arrived; a replay has its own id. */
export const ORIGINAL_DELIVERY = '00000000-0000-0000-0000-000000000000';

/**
 * One event for one subscription. The unique key (subscription, event, replay) makes enqueueing
 * exactly-once however often the event is consumed. `leaseToken`/`leaseUntil` say which worker is
 * sending it; a lease that ran out (its worker died) is taken over.
 */
@Entity({ name: 'webhook_deliveries' })
@Unique('webhook_deliveries_once_key', ['firmId', 'subscriptionId', 'eventId', 'replayId'])
@Check('webhook_deliveries_status_check', `status IN ('pending', 'succeeded', 'failed')`)
@Index('webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('webhook_deliveries_firm_subscription', ['firmId', 'subscriptionId', 'createdAt'])
@ForeignKey(() => WebhookSubscription, ['firmId', 'subscriptionId'], ['firmId', 'id'], {
  name: 'webhook_deliveries_subscription_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => WebhookEvent, ['firmId', 'eventId'], ['firmId', 'id'], {
  name: 'webhook_deliveries_event_fkey',
})
export class WebhookDelivery {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'replay_id', type: 'uuid', default: ORIGINAL_DELIVERY })
  replayId!: string;

  @Column({ type: 'text' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'lease_token', type: 'uuid', nullable: true })
  leaseToken!: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'first_attempt_at', type: 'timestamptz', nullable: true })
  firstAttemptAt!: Date | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'last_response_status', type: 'integer', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
