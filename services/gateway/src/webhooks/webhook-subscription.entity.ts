import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** `failing`: a delivery ran out of retries, the firm's admins were told, and the endpoint is disabled at `disableAt` unless one succeeds. */
export const SUBSCRIPTION_STATUSES = ['active', 'failing', 'disabled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * A firm's webhook endpoint and the event types it wants. The signing secret is kept encrypted
 * (AES-256-GCM under the gateway's WEBHOOK_SECRET_KEY): the gateway needs it in clear to sign.
 */
@Entity({ name: 'webhook_subscriptions' })
@Unique('webhook_subscriptions_firm_url_key', ['firmId', 'url'])
@Check('webhook_subscriptions_status_check', `status IN ('active', 'failing', 'disabled')`)
export class WebhookSubscription {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ type: 'text' })
  status!: SubscriptionStatus;

  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext!: string;

  /** The secret before the last rotation, still signing beside the new one until `previousSecretExpiresAt`. */
  @Column({ name: 'previous_secret_ciphertext', type: 'text', nullable: true })
  previousSecretCiphertext!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  @Column({ name: 'notified_at', type: 'timestamptz', nullable: true })
  notifiedAt!: Date | null;

  @Column({ name: 'disable_at', type: 'timestamptz', nullable: true })
  disableAt!: Date | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
