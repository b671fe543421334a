import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * One link of a firm's audit chain. `body` is the record as it arrived; `hash` covers the
 * firm, the sequence number, the event id, the body and the previous hash. The app role
 * may only INSERT and SELECT here.
 */
@Entity({ name: 'audit_records' })
@Unique('audit_records_firm_event_key', ['firmId', 'eventId'])
export class AuditRecord {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'jsonb' })
  body!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
