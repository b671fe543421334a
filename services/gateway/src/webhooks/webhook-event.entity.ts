import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { EventEnvelope } from '@lawfirm/contracts';

/**
 * An event the firm's endpoints may be sent, kept so deliveries can be replayed from any point in
 * time. `sequence` counts the aggregate's events on its topic in the order Kafka gave them (one
 * partition per aggregate), so a receiver can order what arrives out of order.
 */
@Entity({ name: 'webhook_events' })
@Unique('webhook_events_aggregate_sequence_key', ['firmId', 'topic', 'aggregateId', 'sequence'])
@Index('webhook_events_firm_occurred', ['firmId', 'occurredAt'])
export class WebhookEvent {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  /** The event's own id (its envelope id). */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  type!: string;

  /** The topic it came on: an aggregate's order is its order on one topic (keyed by aggregate id). */
  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'aggregate_id', type: 'text' })
  aggregateId!: string;

  @Column({ type: 'bigint' })
  sequence!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb' })
  envelope!: EventEnvelope;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
