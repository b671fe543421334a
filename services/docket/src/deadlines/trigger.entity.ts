import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An event on a matter that starts deadlines: "complaint served on D by mail on 2026-11-02". */
@Entity({ name: 'triggers' })
@Index('triggers_firm_event', ['firmId', 'matterId', 'ruleSetId', 'triggerEvent', 'party'], { unique: true })
export class Trigger {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'rule_set_id', type: 'text' })
  ruleSetId!: string;

  /** The version in force on the trigger date, kept so the computation can be explained later. */
  @Column({ name: 'rule_set_version', type: 'integer' })
  ruleSetVersion!: number;

  @Column({ name: 'trigger_event', type: 'text' })
  triggerEvent!: string;

  @Column({ name: 'trigger_date', type: 'date' })
  triggerDate!: string;

  @Column({ name: 'service_method', type: 'text', nullable: true })
  serviceMethod!: string | null;

  /** Whom the event concerns ("Defendant Acme"); '' when it concerns the matter as a whole. */
  @Column({ type: 'text' })
  party!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
