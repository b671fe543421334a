import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One version of a tax code (VAT 20% from a day): never edited; a later `effectiveFrom` schedules a change. */
@Entity({ name: 'tax_rates' })
@Check('tax_rates_rate_bp', `"rate_bp" BETWEEN 0 AND 10000`)
@Check('tax_rates_dates', `"effective_to" IS NULL OR "effective_to" >= "effective_from"`)
@Index('tax_rates_firm_code_from', ['firmId', 'code', 'effectiveFrom'], { unique: true })
export class TaxRate {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The firm's name for the tax a setting points at (`UK-VAT`); its versions share it. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** What the invoice and LEDES 1998BI's LINE_ITEM_TAX_TYPE say: VAT, GST, sales tax... */
  @Column({ name: 'tax_type', type: 'text' })
  taxType!: string;

  /** Basis points: 20% is 2000 (LEDES writes the rate with four decimals, 0.2000). */
  @Column({ name: 'rate_bp', type: 'int' })
  rateBp!: number;

  @Column({ name: 'applies_to_fees', type: 'boolean' })
  appliesToFees!: boolean;

  @Column({ name: 'applies_to_expenses', type: 'boolean' })
  appliesToExpenses!: boolean;

  @Column({ type: 'text' })
  jurisdiction!: string;

  /** The firm's registration for this tax, printed with it on the invoice. */
  @Column({ name: 'registration_number', type: 'text', nullable: true })
  registrationNumber!: string | null;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  /** Inclusive. */
  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const TAX_SETTING_SCOPES = ['client', 'matter'] as const;
export type TaxSettingScope = (typeof TAX_SETTING_SCOPES)[number];

/** Which tax a client's or a matter's work bears, or that it is exempt; a matter's setting wins. */
@Entity({ name: 'tax_settings' })
@Check('tax_settings_scope', `"scope" IN ('client', 'matter')`)
@Check('tax_settings_exempt_or_code', `"exempt" = ("tax_code" IS NULL)`)
export class TaxSetting {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'text' })
  scope!: TaxSettingScope;

  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** Null when exempt. */
  @Column({ name: 'tax_code', type: 'text', nullable: true })
  taxCode!: string | null;

  @Column({ type: 'boolean' })
  exempt!: boolean;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
