import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How billing bills one matter: its flat fee, its contingency percentages and whether expenses come
 * off before or after the fee, and the markup on vendor (outsourced) time as disclosed to the client.
 */
@Entity({ name: 'matter_billing_terms' })
export class MatterBillingTerms {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'flat_fee_minor', type: 'bigint', nullable: true })
  flatFeeMinor!: string | null;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'contingency_settlement_bp', type: 'int', nullable: true })
  contingencySettlementBp!: number | null;

  @Column({ name: 'contingency_trial_bp', type: 'int', nullable: true })
  contingencyTrialBp!: number | null;

  @Column({ name: 'contingency_appeal_bp', type: 'int', nullable: true })
  contingencyAppealBp!: number | null;

  @Column({ name: 'expenses_deducted', type: 'text', nullable: true })
  expensesDeducted!: 'before-fee' | 'after-fee' | null;

  @Column({ name: 'vendor_markup_bp', type: 'int', nullable: true })
  vendorMarkupBp!: number | null;

  @Column({ name: 'vendor_markup_disclosure', type: 'text', nullable: true })
  vendorMarkupDisclosure!: string | null;

  /** Days from issue to due date; null = the default (30). */
  @Column({ name: 'payment_terms_days', type: 'int', nullable: true })
  paymentTermsDays!: number | null;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
