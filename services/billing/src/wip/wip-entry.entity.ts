import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Approved time not yet billed. One row per time entry, whatever how often its event arrives. */
@Entity({ name: 'wip_entries' })
@Index('wip_entries_firm_matter', ['firmId', 'matterId', 'workDate', 'timeEntryId'])
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
}
