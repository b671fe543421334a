import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One event waiting to be (or already) published, written in the same transaction as the state
 * change it reports (see appendToOutbox). Every service carries this table; the relay reads it.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unsent', ['createdAt', 'id'], { where: 'sent_at IS NULL' })
@Index('outbox_parked', ['parkedAt'], { where: 'parked_at IS NOT NULL' })
export class OutboxMessage {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'message_key', type: 'text' })
  messageKey!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers!: Record<string, string>;

  @Column({ type: 'jsonb' })
  envelope!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** A row that failed waits until then before its next try. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  /** Set when the relay gave up on the row (see outboxParkingSql); cleared by a re-drive. */
  @Column({ name: 'parked_at', type: 'timestamptz', nullable: true })
  parkedAt!: Date | null;
}
