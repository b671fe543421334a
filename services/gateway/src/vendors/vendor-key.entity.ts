import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { VendorOrg } from './vendor-org.entity';

/** An API key of a vendor organisation. The key is shown once; only its SHA-256 is kept. */
@Entity({ name: 'vendor_keys' })
@Unique('vendor_keys_key_hash_key', ['keyHash'])
@Index('vendor_keys_vendor', ['vendorId', 'createdAt'])
@ForeignKey(() => VendorOrg, ['vendorId'], ['id'], { name: 'vendor_keys_vendor_fk' })
export class VendorKey {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** SHA-256 (hex) of the whole key. */
  @Column({ name: 'key_hash', type: 'text' })
  keyHash!: string;

  /** The key's first characters, to tell keys apart in a list. */
  @Column({ type: 'text' })
  hint!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
