import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { VendorOrg } from './vendor-org.entity';

/**
 * A firm's connection to a vendor organisation: while connected (no `disconnectedAt`) the firm may
 * assign it work orders and the vendor may work on them. Disconnecting keeps the row, so connecting
 * again reuses it.
 */
@Entity({ name: 'vendor_connections' })
@Index('vendor_connections_vendor', ['vendorId', 'firmId'])
@ForeignKey(() => VendorOrg, ['vendorId'], ['id'], { name: 'vendor_connections_vendor_fk' })
export class VendorConnection {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'vendor_id', type: 'uuid' })
  vendorId!: string;

  /** The firm user who connected it last. */
  @Column({ name: 'connected_by', type: 'text' })
  connectedBy!: string;

  @Column({ name: 'connected_at', type: 'timestamptz' })
  connectedAt!: Date;

  @Column({ name: 'disconnected_at', type: 'timestamptz', nullable: true })
  disconnectedAt!: Date | null;
}
