import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export const TIME_ENTRY_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type TimeEntryStatus = (typeof TIME_ENTRY_STATUSES)[number];

@Entity({ name: 'time_entries' })
@Unique('time_entries_firm_id_id_key', ['firmId', 'id'])
@Index('time_entries_firm_matter', ['firmId', 'matterId', 'createdAt', 'id'])
@Check('time_entries_status_check', `status IN ('draft', 'submitted', 'approved')`)
@Check('time_entries_minutes_check', `minutes BETWEEN 1 AND 1440`)
export class TimeEntry {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  /** The gateway subject (user or integration) whose time this is. */
  @Column({ name: 'timekeeper_id', type: 'text' })
  timekeeperId!: string;

  @Column({ name: 'work_date', type: 'date' })
  workDate!: string;

  /** Raw minutes as recorded; never rewritten after submission. */
  @Column({ type: 'int' })
  minutes!: number;

  /** Billed units in tenths of an hour, computed from the raw minutes (round up to 0.1 h). */
  @Column({ name: 'billed_tenths', type: 'int' })
  billedTenths!: number;

  @Column({ type: 'text' })
  narrative!: string;

  @Column({ type: 'boolean' })
  billable!: boolean;

  @Column({ type: 'text' })
  status!: TimeEntryStatus;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy!: string | null;
}
