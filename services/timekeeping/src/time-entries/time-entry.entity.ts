import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export const TIME_ENTRY_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'billed',
  'voided',
] as const;
export type TimeEntryStatus = (typeof TIME_ENTRY_STATUSES)[number];

@Entity({ name: 'time_entries' })
@Unique('time_entries_firm_id_id_key', ['firmId', 'id'])
@Index('time_entries_firm_matter', ['firmId', 'matterId', 'createdAt', 'id'])
@Check(
  'time_entries_status_check',
  `status IN ('draft', 'submitted', 'approved', 'rejected', 'billed', 'voided')`,
)
@Check(
  'time_entries_minutes_check',
  `minutes BETWEEN -1440 AND 1440 AND minutes <> 0 AND (minutes > 0 OR reverses_entry_id IS NOT NULL)`,
)
@Check(
  'time_entries_ledes_classification_check',
  `ledes_classification IN ('PT', 'AS', 'OC', 'PL', 'LA', 'OT')`,
)
@Index('time_entries_external_id', ['firmId', 'externalId'], {
  unique: true,
  where: 'external_id IS NOT NULL',
})
@Index('time_entries_keeper_day', ['firmId', 'timekeeperId', 'workDate'])
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

  /** Classification of the timekeeper when the entry was made: a LEDES code or one the firm registered. */
  @Column({ type: 'text', nullable: true })
  classification!: string | null;

  /**
   * The LEDES 1998B code that classification reported as. Null on entries from before firms could
   * register codes; their `classification` is then itself a LEDES code (see `ledesCodeOf`).
   */
  @Column({ name: 'ledes_classification', type: 'text', nullable: true })
  ledesClassification!: string | null;

  /** Work done by a vendor's timekeeper (billing passes it through under the client's rules). */
  @Column({ type: 'boolean', default: false })
  outsourced!: boolean;

  @Column({ name: 'task_code', type: 'text', nullable: true })
  taskCode!: string | null;

  @Column({ name: 'activity_code', type: 'text', nullable: true })
  activityCode!: string | null;

  /** The client's guideline version the billed units and violations were computed under. */
  @Column({ name: 'guideline_version', type: 'int', nullable: true })
  guidelineVersion!: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  violations!: Array<{ rule: string; message: string; severity: 'warning' | 'blocking' }>;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt!: Date | null;

  @Column({ name: 'rejected_by', type: 'text', nullable: true })
  rejectedBy!: string | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'billed_at', type: 'timestamptz', nullable: true })
  billedAt!: Date | null;

  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId!: string | null;

  @Column({ name: 'reverses_entry_id', type: 'uuid', nullable: true })
  reversesEntryId!: string | null;

  @Column({ name: 'reversed_by_entry_id', type: 'uuid', nullable: true })
  reversedByEntryId!: string | null;

  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  /** The caller's own id for the row (bulk import): makes a retried batch create nothing twice. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'text', default: 'api' })
  source!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
