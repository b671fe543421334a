import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Invoice } from './invoice.entity';

export const LINE_KINDS = ['time', 'expense', 'flat-fee', 'contingency'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export const ADJUSTMENT_KINDS = ['percent-discount', 'amount-discount', 'set-amount', 'write-off'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** One line of a pre-bill or invoice, with the rate and the rule that priced it. */
@Entity({ name: 'invoice_lines' })
@Index('invoice_lines_firm_invoice', ['firmId', 'invoiceId', 'position'])
@ForeignKey(() => Invoice, ['firmId', 'invoiceId'], ['firmId', 'id'], {
  name: 'invoice_lines_firm_id_invoice_id_fkey',
  onDelete: 'CASCADE',
})
export class InvoiceLine {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'text' })
  kind!: LineKind;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'time_entry_id', type: 'uuid', nullable: true })
  timeEntryId!: string | null;

  @Column({ name: 'expense_id', type: 'uuid', nullable: true })
  expenseId!: string | null;

  @Column({ name: 'work_date', type: 'date', nullable: true })
  workDate!: string | null;

  @Column({ name: 'timekeeper_id', type: 'text', nullable: true })
  timekeeperId!: string | null;

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

  @Column({ name: 'expense_code', type: 'text', nullable: true })
  expenseCode!: string | null;

  @Column({ type: 'text' })
  narrative!: string;

  @Column({ type: 'int', nullable: true })
  minutes!: number | null;

  @Column({ name: 'billed_tenths', type: 'int', nullable: true })
  billedTenths!: number | null;

  @Column({ name: 'rate_minor', type: 'bigint', nullable: true })
  rateMinor!: string | null;

  @Column({ name: 'rate_rule_id', type: 'uuid', nullable: true })
  rateRuleId!: string | null;

  /** Which precedence level the rate came from (`matter-timekeeper`, `matter`, ...). */
  @Column({ name: 'rate_source', type: 'text', nullable: true })
  rateSource!: string | null;

  /** Before any adjustment: tenths × rate, the expense's cost, the fee. */
  @Column({ name: 'standard_minor', type: 'bigint' })
  standardMinor!: string;

  @Column({ name: 'adjustment_kind', type: 'text', nullable: true })
  adjustmentKind!: AdjustmentKind | null;

  /** Basis points for a percentage, minor units for an amount. */
  @Column({ name: 'adjustment_value', type: 'bigint', nullable: true })
  adjustmentValue!: string | null;

  @Column({ name: 'adjustment_reason', type: 'text', nullable: true })
  adjustmentReason!: string | null;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ type: 'boolean' })
  outsourced!: boolean;

  @Column({ name: 'vendor_id', type: 'uuid', nullable: true })
  vendorId!: string | null;

  /** What the firm paid, for a disbursement: the line may never exceed it. */
  @Column({ name: 'cost_minor', type: 'bigint', nullable: true })
  costMinor!: string | null;

  /** The matter's disclosed markup on vendor time, in basis points, as disclosed when the line was priced. */
  @Column({ name: 'markup_bp', type: 'int', nullable: true })
  markupBp!: number | null;

  /** A flat-fee line that covers this time line (so it bills at zero). */
  @Column({ name: 'covered_by_line_id', type: 'uuid', nullable: true })
  coveredByLineId!: string | null;

  /** The tax rate (version) that taxed the line when the invoice was issued; null: untaxed or a draft. */
  @Column({ name: 'tax_rate_id', type: 'uuid', nullable: true })
  taxRateId!: string | null;

  /** VAT, GST, ... as the rate named it when issued. */
  @Column({ name: 'tax_type', type: 'text', nullable: true })
  taxType!: string | null;

  @Column({ name: 'tax_rate_bp', type: 'int', nullable: true })
  taxRateBp!: number | null;

  /** round(amount × rate ÷ 10,000) half-up, set when issued; 0 on a draft or an untaxed line. */
  @Column({ name: 'tax_minor', type: 'bigint', default: 0 })
  taxMinor!: string;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, string | number> | null;
}
