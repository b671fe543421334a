import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { ExplanationLine } from '../rules/rule-set.service';
import { Trigger } from './trigger.entity';

export const DEADLINE_STATUSES = ['open', 'done'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/**
 * A deadline computed from a trigger by one rule. `computedDate` is what the rules give;
 * `dueDate` is the date in force — the same, unless a lawyer set it by hand (`overriddenAt`).
 */
@Entity({ name: 'deadlines' })
@Index('deadlines_trigger_rule', ['firmId', 'triggerId', 'ruleCode'], { unique: true })
@Index('deadlines_firm_due', ['firmId', 'dueDate', 'id'])
@Index('deadlines_matter_due', ['firmId', 'matterId', 'dueDate', 'id'])
@Check('deadlines_status_check', `status IN ('open', 'done')`)
@ForeignKey(() => Trigger, ['firmId', 'triggerId'], ['firmId', 'id'], {
  name: 'deadlines_firm_id_trigger_id_fkey',
  onDelete: 'CASCADE',
})
export class Deadline {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'trigger_id', type: 'uuid' })
  triggerId!: string;

  @Column({ name: 'rule_code', type: 'text' })
  ruleCode!: string;

  @Column({ name: 'parent_rule_code', type: 'text', nullable: true })
  parentRuleCode!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  citation!: string;

  @Column({ name: 'computed_date', type: 'date' })
  computedDate!: string;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  @Column({ name: 'due_time', type: 'text', nullable: true })
  dueTime!: string | null;

  @Column({ type: 'jsonb' })
  explanation!: ExplanationLine[];

  @Column({ type: 'text' })
  status!: DeadlineStatus;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy!: string | null;

  @Column({ name: 'overridden_at', type: 'timestamptz', nullable: true })
  overriddenAt!: Date | null;

  @Column({ name: 'overridden_by', type: 'text', nullable: true })
  overriddenBy!: string | null;

  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason!: string | null;

  /** Set when a recalculation would have moved a deadline a lawyer completed or set by hand. */
  @Column({ name: 'needs_review', type: 'boolean', default: false })
  needsReview!: boolean;

  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
