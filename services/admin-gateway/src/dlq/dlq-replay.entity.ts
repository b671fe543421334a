import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * One dead letter sent back to its topic from the operations API. Its key (topic, partition, offset,
 * timestamp) is unique, so a letter goes back once however many operators press replay at once. A platform
 * table, like `ops_users` (no firm_id): the letter's event, firm and error go into the audit record.
 */
@Entity({ name: 'dlq_replays' })
@Unique('dlq_replays_letter_key', ['dlqTopic', 'dlqPartition', 'dlqOffset', 'letterTimestamp'])
export class DlqReplay {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'dlq_topic', type: 'text' })
  dlqTopic!: string;

  @Column({ name: 'dlq_partition', type: 'integer' })
  dlqPartition!: number;

  @Column({ name: 'dlq_offset', type: 'bigint' })
  dlqOffset!: string;

  /** The letter's Kafka timestamp: offsets start again at 0 on a topic deleted and created anew. */
  @Column({ name: 'letter_timestamp', type: 'timestamptz' })
  letterTimestamp!: Date;

  @Column({ name: 'replayed_by', type: 'text' })
  replayedBy!: string;

  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ name: 'replayed_at', type: 'timestamptz' })
  replayedAt!: Date;
}
