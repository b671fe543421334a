import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One version of a firm's key, wrapped by the master key. The newest unretired version wraps every
 * data key of the firm; a rotation re-wraps them under a new version and destroys the old key
 * (`wrappedKey` null, `retiredAt` set).
 */
@Entity({ name: 'document_firm_keys' })
export class FirmKey {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'wrapped_key', type: 'bytea', nullable: true })
  wrappedKey!: Buffer | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
