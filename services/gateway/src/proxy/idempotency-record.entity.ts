import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `in-doubt`: the upstream gave no usable answer (timeout, 5xx); only the service knows if it committed. */
export type IdempotencyState = 'in-progress' | 'in-doubt' | 'completed';

/** A caller's Idempotency-Key, the request it was first used with, and the answer that request got. */
@Entity({ name: 'idempotency_records' })
@Index('idempotency_records_expiry', ['firmId', 'expiresAt'])
@Check('idempotency_records_state_check', `state IN ('in-progress', 'in-doubt', 'completed')`)
export class IdempotencyRecord {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'text' })
  subject!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** SHA-256 of method, path with query, and body: what makes a retry "the same request". */
  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'text' })
  state!: IdempotencyState;

  @Column({ type: 'integer', nullable: true })
  status!: number | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType!: string | null;

  @Column({ type: 'bytea', nullable: true })
  body!: Buffer | null;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
