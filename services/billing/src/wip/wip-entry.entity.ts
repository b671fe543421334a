import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Approved time not yet billed. One row per time entry, whatever how often its event arrives. */
@Entity({ name: 'wip_entries' })
@Index('wip_entries_firm_matter', ['firmId', 'matterId', 'workDate', 'timeEntryId'])
@Index('wip_entries_firm_invoice', ['firmId', 'invoiceId'])
export class WipEntry {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'time_entry_id', type: 'uuid' })
  timeEntryId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'timekeeper_id', type: 'text' })
  timekeeperId!: string;

  @Column({ name: 'work_date', type: 'date' })
  workDate!: string;

  @Column({ type: 'int' })
  minutes!: number;

  @Column({ name: 'billed_tenths', type: 'int' })
  billedTenths!: number;

  @Column({ type: 'text' })
  narrative!: string;

  @Column({ type: 'boolean' })
  billable!: boolean;

  @Column({ name: 'approved_at', type: 'timestamptz' })
  approvedAt!: Date;

  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId!: string;

  /** A vendor timekeeper's work (ABA Formal Op. 08-451): billed only as a fee with a disclosed markup. */
  @Column({ type: 'boolean', default: false })
  outsourced!: boolean;

  @Column({ name: 'vendor_id', type: 'uuid', nullable: true })
  vendorId!: string | null;

  @Column({ name: 'timekeeper_name', type: 'text', nullable: true })
  timekeeperName!: string | null;

  @Column({ type: 'text', nullable: true })
  classification!: string | null;

  @Column({ name: 'ledes_classification', type: 'text', nullable: true })
  ledesClassification!: string | null;

  @Column({ name: 'task_code', type: 'text', nullable: true })
  taskCode!: string | null;

  @Column({ name: 'activity_code', type: 'text', nullable: true })
  activityCode!: string | null;

  /** The pre-bill or invoice holding this entry; null while it waits to be billed. */
  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId!: string | null;

  @Column({ name: 'billed_at', type: 'timestamptz', nullable: true })
  billedAt!: Date | null;
}
