import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A partner LPO vendor organisation, registered by operations. Not tenant data: it works for many firms. */
@Entity({ name: 'vendor_orgs' })
export class VendorOrg {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The operations user who registered it (`ops:<id>`). */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Vendor tokens issued under an older epoch are refused; moved on when one of its keys is revoked. */
  @Column({ name: 'token_epoch', type: 'integer', default: 0 })
  tokenEpoch!: number;
}
