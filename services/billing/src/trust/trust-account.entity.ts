import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export const TRUST_ACCOUNT_KINDS = ['iolta', 'client-specific'] as const;
export type TrustAccountKind = (typeof TRUST_ACCOUNT_KINDS)[number];

/** A trust bank account of the firm: a pooled IOLTA account or one held for a single client. */
@Entity({ name: 'trust_accounts' })
@Check('trust_accounts_hold_days', `"hold_days" >= 0 AND "hold_days" <= 60`)
export class TrustAccount {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: TrustAccountKind;

  @Column({ name: 'bank_name', type: 'text', nullable: true })
  bankName!: string | null;

  @Column({ name: 'account_last4', type: 'text', nullable: true })
  accountLast4!: string | null;

  @Column({ type: 'text' })
  currency!: string;

  /** Days a deposit stays uncleared (not disbursable) after the day it was received. */
  @Column({ name: 'hold_days', type: 'integer' })
  holdDays!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
