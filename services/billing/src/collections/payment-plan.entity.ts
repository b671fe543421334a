import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Instalments agreed for an invoice's open amount; one per invoice, insert-only. */
@Entity({ name: 'payment_plans' })
@Index('payment_plans_firm_invoice', ['firmId', 'invoiceId'], { unique: true })
export class PaymentPlan {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  currency!: string;

  /** The open amount the instalments add up to. */
  @Column({ name: 'total_minor', type: 'bigint' })
  totalMinor!: string;

  /** Paid on the invoice when the plan was agreed: payments beyond it pay the instalments. */
  @Column({ name: 'paid_before_minor', type: 'bigint' })
  paidBeforeMinor!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'payment_plan_instalments' })
@ForeignKey(() => PaymentPlan, ['firmId', 'planId'], ['firmId', 'id'], {
  name: 'payment_plan_instalments_firm_id_plan_id_fkey',
})
export class PaymentPlanInstalment {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @PrimaryColumn({ type: 'int' })
  position!: number;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;
}
