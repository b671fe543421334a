import { Check, Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';

/** One try at sending a delivery: what came back (a capped excerpt), or why nothing did, and how long it took. */
@Entity({ name: 'webhook_delivery_attempts' })
@Unique('webhook_delivery_attempts_number_key', ['firmId', 'deliveryId', 'attempt'])
@Check('webhook_delivery_attempts_outcome_check', `outcome IN ('succeeded', 'failed')`)
@ForeignKey(() => WebhookDelivery, ['firmId', 'deliveryId'], ['firmId', 'id'], {
  name: 'webhook_delivery_attempts_delivery_fkey',
  onDelete: 'CASCADE',
})
export class WebhookAttempt {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ type: 'text' })
  outcome!: 'succeeded' | 'failed';

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_excerpt', type: 'text', nullable: true })
  responseExcerpt!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
