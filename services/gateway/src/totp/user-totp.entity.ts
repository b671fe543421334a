import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user's TOTP enrolment: pending until confirmed by a first code. */
@Entity({ name: 'user_totp' })
export class UserTotp {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The base32 secret sealed with AES-256-GCM (`sealSecret`); never stored in the clear. */
  @Column({ name: 'sealed_secret', type: 'text' })
  sealedSecret!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** The newest 30-second step a code was accepted for: a code of this step or an older one is refused. */
  @Column({
    name: 'last_used_step',
    type: 'bigint',
    default: 0,
    transformer: { to: (value: number) => value, from: (value: string) => Number(value) },
  })
  lastUsedStep!: number;

  /** SHA-256 (hex) of each unused recovery code. */
  @Column({ name: 'recovery_code_hashes', type: 'text', array: true, default: () => "'{}'" })
  recoveryCodeHashes!: string[];
}
