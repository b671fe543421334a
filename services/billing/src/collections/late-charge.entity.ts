import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The firm's default late-charge terms are stored under this matter id. */
export const FIRM_DEFAULT_MATTER_ID = '00000000-0000-0000-0000-000000000000';

/** Late charges an engagement allows: a matter's own, or the firm's default (nil matter id). */
@Entity({ name: 'late_charge_terms' })
export class LateChargeTermsRecord {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'annual_rate_bp', type: 'int', nullable: true })
  annualRateBp!: number | null;

  @Column({ name: 'flat_fee_minor', type: 'bigint', nullable: true })
  flatFeeMinor!: string | null;

  /** The flat fee's currency: it is charged only on invoices in it. */
  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ name: 'grace_days', type: 'int' })
  graceDays!: number;

  @Column({ name: 'cap_bp', type: 'int', nullable: true })
  capBp!: number | null;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A late charge issued on an invoice for a period (calendar month); insert-only, once per invoice and period. */
@Entity({ name: 'late_charges' })
@Index('late_charges_firm_invoice_period', ['firmId', 'invoiceId', 'period'], { unique: true })
export class LateChargeRecord {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ type: 'text' })
  period!: string;

  @Column({ name: 'as_of', type: 'date' })
  asOf!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'matter_id', type: 'uuid', nullable: true })
  matterId!: string | null;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'interest_minor', type: 'bigint' })
  interestMinor!: string;

  @Column({ name: 'flat_fee_minor', type: 'bigint' })
  flatFeeMinor!: string;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  /** The chargeable principal on `asOf`. */
  @Column({ name: 'principal_minor', type: 'bigint' })
  principalMinor!: string;

  @Column({ name: 'chargeable_days', type: 'int' })
  chargeableDays!: number;

  @Column({ name: 'annual_rate_bp', type: 'int', nullable: true })
  annualRateBp!: number | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
