import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A firm's sign-in rules; a firm without a row requires nothing beyond a password. */
@Entity({ name: 'firm_security_settings' })
export class FirmSecuritySettings {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'require_totp', type: 'boolean', default: false })
  requireTotp!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}
