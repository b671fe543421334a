import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RateScope } from './rates.rules';

/** One rate with its reach (scope) and its effective dates; ended, never edited. */
@Entity({ name: 'rate_rules' })
@Index('rate_rules_firm_scope', ['firmId', 'scope', 'effectiveFrom'])
export class RateRule {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  scope!: RateScope;

  @Column({ name: 'matter_id', type: 'uuid', nullable: true })
  matterId!: string | null;

  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ name: 'timekeeper_id', type: 'text', nullable: true })
  timekeeperId!: string | null;

  @Column({ name: 'activity_code', type: 'text', nullable: true })
  activityCode!: string | null;

  /** Per hour, in minor units of `currency`. */
  @Column({ name: 'rate_minor', type: 'bigint' })
  rateMinor!: string;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  /** The last day the rule applies (inclusive); null while it runs on. */
  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'ended_by', type: 'text', nullable: true })
  endedBy!: string | null;
}
