import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** The tenant registry. Not tenant data itself, so it has no firm_id and no RLS. */
@Entity({ name: 'firms' })
@Unique('firms_slug_key', ['slug'])
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

  /** A suspended firm's users and API clients get no token, and the tokens they hold stop working. */
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;
}
