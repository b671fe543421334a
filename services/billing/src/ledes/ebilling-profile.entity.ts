import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LedesAddress } from './ledes-invoice';

/** A client's e-billing profile: the ids its system knows the firm and itself by, and the codes it requires. */
@Entity({ name: 'ebilling_profiles' })
export class EbillingProfileRecord {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'ledes_client_id', type: 'text' })
  ledesClientId!: string;

  @Column({ name: 'law_firm_id', type: 'text' })
  lawFirmId!: string;

  @Column({ name: 'require_task_codes', type: 'boolean' })
  requireTaskCodes!: boolean;

  @Column({ name: 'require_activity_codes', type: 'boolean' })
  requireActivityCodes!: boolean;

  @Column({ name: 'require_expense_codes', type: 'boolean' })
  requireExpenseCodes!: boolean;

  @Column({ name: 'client_address', type: 'jsonb' })
  clientAddress!: LedesAddress;

  @Column({ name: 'client_tax_id', type: 'text', nullable: true })
  clientTaxId!: string | null;

  /** The client's own matter id for each of our matters (CLIENT_MATTER_ID). */
  @Column({ name: 'client_matter_ids', type: 'jsonb' })
  clientMatterIds!: Record<string, string>;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
