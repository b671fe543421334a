import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { WorkOrderStatus } from './work-order.rules';

/**
 * A piece of a matter's work a firm gave to an LPO vendor organisation, with its turnaround (a fixed
 * `dueBy` or `slaHours` counted from acceptance) and where it stands in its QC cycle.
 */
@Entity({ name: 'work_orders' })
@Index('work_orders_matter', ['firmId', 'matterId', 'id'])
@Index('work_orders_vendor', ['firmId', 'vendorId', 'id'])
@Index('work_orders_sla_due', ['firmId', 'dueAt'], {
  where: 'sla_breached_at IS NULL AND due_at IS NOT NULL',
})
@Check(
  'work_orders_status_check',
  `status IN ('assigned', 'accepted', 'declined', 'in-progress', 'submitted', 'returned', 'accepted-by-firm', 'closed', 'cancelled')`,
)
@Check('work_orders_turnaround_check', `sla_hours IS NULL OR due_by IS NULL`)
export class WorkOrder {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId!: string;

  @Column({ name: 'work_type', type: 'text' })
  workType!: string;

  @Column({ type: 'text' })
  instructions!: string;

  @Column({ name: 'document_ids', type: 'uuid', array: true, default: () => "'{}'" })
  documentIds!: string[];

  @Column({ name: 'sla_hours', type: 'integer', nullable: true })
  slaHours!: number | null;

  @Column({ name: 'due_by', type: 'timestamptz', nullable: true })
  dueBy!: Date | null;

  /** Set when the vendor accepts: when the work must be submitted. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'text' })
  status!: WorkOrderStatus;

  /** The reasons of the latest return for rework. */
  @Column({ name: 'return_reasons', type: 'text', array: true, nullable: true })
  returnReasons!: string[] | null;

  @Column({ name: 'return_count', type: 'integer', default: 0 })
  returnCount!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  /** Set once by the SLA sweep when the order passed `dueAt` unsubmitted. */
  @Column({ name: 'sla_breached_at', type: 'timestamptz', nullable: true })
  slaBreachedAt!: Date | null;
}
