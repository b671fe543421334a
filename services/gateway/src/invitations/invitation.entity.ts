import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** A pending, accepted or revoked invitation of one person into a firm. */
@Entity({ name: 'invitations' })
@Unique('invitations_token_hash_key', ['tokenHash'])
@Index('invitations_firm_created', ['firmId', 'createdAt'])
export class Invitation {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Lower-cased; becomes the user's login name. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  /** Who invited: a user id, or `ops:<id>` for a firm's first admin. */
  @Column({ name: 'invited_by', type: 'text' })
  invitedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'accepted_user_id', type: 'uuid', nullable: true })
  acceptedUserId!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
