import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** The tenant registry. Not tenant data itself, so it has no firm_id and no RLS. */
@Entity({ name: 'firms' })
@Unique('firms_slug_key', ['slug'])
@Check('firms_currency_check', `currency ~ '^[A-Z]{3}$'`)
@Check('firms_payment_terms_check', `payment_terms_days BETWEEN 0 AND 365`)
export class Firm {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Tokens issued under an older epoch are refused; moved on by deactivation, revocation, suspension. */
  @Column({ name: 'token_epoch', type: 'integer', default: 0 })
  tokenEpoch!: number;

  /** IANA time zone the firm works in (e.g. `America/New_York`), set at onboarding. */
  @Column({ name: 'time_zone', type: 'text', default: 'UTC' })
  timeZone!: string;

  /** ISO 4217 code of the firm's billing currency. */
  @Column({ type: 'text', default: 'USD' })
  currency!: string;

  /** Default payment terms of the firm's invoices (days, 0–365), as billing's `paymentTermsDays`. */
  @Column({ name: 'payment_terms_days', type: 'integer', default: 30 })
  paymentTermsDays!: number;

  /** A suspended firm's users and API clients get no token, and the tokens they hold stop working. */
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;
}
