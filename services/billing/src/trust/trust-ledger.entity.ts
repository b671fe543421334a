import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { TrustAccount } from './trust-account.entity';

export const TRUST_LEDGER_KINDS = ['client', 'firm-funds'] as const;
export type TrustLedgerKind = (typeof TRUST_LEDGER_KINDS)[number];

/**
 * A client matter's money in one trust account (or the firm's own funds line, which takes bank fees and
 * interest). The balance row is what every movement locks; the database refuses a negative balance.
 */
@Entity({ name: 'trust_ledgers' })
@Index('trust_ledgers_firm_account_matter', ['firmId', 'accountId', 'matterId'], { unique: true })
@Index('trust_ledgers_firm_matter', ['firmId', 'matterId'])
@Check('trust_ledgers_never_negative', `"balance_minor" >= 0`)
@Check(
  'trust_ledgers_client_matter',
  `("kind" = 'client') = ("client_id" IS NOT NULL AND "matter_id" IS NOT NULL)`,
)
@ForeignKey(() => TrustAccount, ['firmId', 'accountId'], ['firmId', 'id'], {
  name: 'trust_ledgers_firm_id_account_id_fkey',
})
export class TrustLedger {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ type: 'text' })
  kind!: TrustLedgerKind;

  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ name: 'matter_id', type: 'uuid', nullable: true })
  matterId!: string | null;

  @Column({ name: 'balance_minor', type: 'bigint' })
  balanceMinor!: string;

  /** The evergreen retainer's floor: crossing below it publishes `billing.trust.low-balance` once. */
  @Column({ name: 'minimum_balance_minor', type: 'bigint', nullable: true })
  minimumBalanceMinor!: string | null;

  @Column({ name: 'below_minimum', type: 'boolean' })
  belowMinimum!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
