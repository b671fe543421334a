import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TimerState, TimerTiming } from './timer.timing';

/** The partial unique index: at most one running timer per (firm, timekeeper). */
export const TIMERS_ONE_RUNNING = 'timers_one_running';

@Entity({ name: 'timers' })
@Index(TIMERS_ONE_RUNNING, ['firmId', 'timekeeperId'], { unique: true, where: `state = 'running'` })
@Check('timers_state_check', `state IN ('running', 'paused', 'stopped')`)
export class Timer implements TimerTiming {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'timers_pkey' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'timekeeper_id', type: 'text' })
  timekeeperId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text', nullable: true })
  narrative!: string | null;

  @Column({ name: 'task_code', type: 'text', nullable: true })
  taskCode!: string | null;

  @Column({ name: 'activity_code', type: 'text', nullable: true })
  activityCode!: string | null;

  @Column({ type: 'boolean', default: true })
  billable!: boolean;

  @Column({ type: 'text' })
  state!: TimerState;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'running_since', type: 'timestamptz', nullable: true })
  runningSince!: Date | null;

  @Column({ name: 'accumulated_seconds', type: 'int', default: 0 })
  accumulatedSeconds!: number;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt!: Date | null;

  /** The draft entry a stopped timer became. */
  @Column({ name: 'time_entry_id', type: 'uuid', nullable: true })
  timeEntryId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
