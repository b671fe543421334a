import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { Firm } from './firm.entity';

/** A firm's integration. The secret is shown once and stored only as an argon2id hash. */
@Entity({ name: 'api_clients' })
@Unique('api_clients_client_id_key', ['clientId'])
@ForeignKey(() => Firm, ['firmId'], ['id'], { name: 'api_clients_firm_fk' })
export class ApiClient {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Tokens issued under an older epoch are refused; moved on by deactivation, revocation, suspension. */
  @Column({ name: 'token_epoch', type: 'integer', default: 0 })
  tokenEpoch!: number;
}
