import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { OutsourcingScope } from '@lawfirm/contracts';
import type { ConsentMethod } from './consent.model';

/** A client's consent to outsourcing; never deleted, a revocation is recorded on the row. */
@Entity({ name: 'consents' })
@Index('consents_client', ['firmId', 'clientId', 'createdAt'])
// The table, not the Client entity: consents know clients only through ClientService.
@ForeignKey('clients', ['firmId', 'clientId'], ['firmId', 'id'], { name: 'consents_firm_id_client_id_fkey' })
export class ConsentRow {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text', array: true })
  scopes!: OutsourcingScope[];

  @Column({ name: 'vendor_ids', type: 'uuid', array: true, nullable: true })
  vendorIds!: string[] | null;

  /** YYYY-MM-DD (TypeORM hands a `date` over as that text). */
  @Column({ name: 'given_on', type: 'date' })
  givenOn!: string;

  @Column({ type: 'text' })
  method!: ConsentMethod;

  @Column({ name: 'document_ref', type: 'text', nullable: true })
  documentRef!: string | null;

  @Column({ name: 'granted_by', type: 'text' })
  grantedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy!: string | null;

  @Column({ name: 'revocation_reason', type: 'text', nullable: true })
  revocationReason!: string | null;
}
