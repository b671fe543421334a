import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CollectionStatus } from './collections.rules';

/**
 * An invoice's collections status: where chasing it stands (`none` until a clerk sets one). A write-off
 * points at its `write-off` entry in the payments ledger, which is what lowers the open amount.
 */
@Entity({ name: 'invoice_collections' })
@Index('invoice_collections_firm_status', ['firmId', 'status'])
@Check(
  'invoice_collections_status',
  `"status" IN ('none', 'promised', 'disputed', 'in-collections', 'written-off')`,
)
export class InvoiceCollection {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ type: 'text' })
  status!: CollectionStatus;

  /** The day the client promised to pay (status `promised`). */
  @Column({ name: 'promised_on', type: 'date', nullable: true })
  promisedOn!: string | null;

  @Column({ name: 'promised_minor', type: 'bigint', nullable: true })
  promisedMinor!: string | null;

  @Column({ name: 'dispute_reason', type: 'text', nullable: true })
  disputeReason!: string | null;

  /** Why the status was set (the write-off's reason, the agency's name, ...). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'write_off_entry_id', type: 'uuid', nullable: true })
  writeOffEntryId!: string | null;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
