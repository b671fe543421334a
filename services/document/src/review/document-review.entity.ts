import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { Confidentiality, PrivilegeTreatment, PrivilegeType, Relevance } from './review.rules';

/** A document's review coding as it stands (its history is on the custody log and the audit trail). */
@Entity({ name: 'document_reviews' })
@Index('document_reviews_firm_matter', ['firmId', 'matterId'])
@ForeignKey('DocumentRecord', ['firmId', 'documentId'], ['firmId', 'id'], {
  name: 'document_reviews_firm_id_document_id_fkey',
})
export class DocumentReview {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text', nullable: true })
  relevance!: Relevance | null;

  @Column({ type: 'boolean', nullable: true })
  responsive!: boolean | null;

  @Column({ name: 'privilege_types', type: 'text', array: true })
  privilegeTypes!: PrivilegeType[];

  @Column({ name: 'privilege_treatment', type: 'text', nullable: true })
  privilegeTreatment!: PrivilegeTreatment | null;

  @Column({ name: 'privilege_description', type: 'text', nullable: true })
  privilegeDescription!: string | null;

  @Column({ type: 'text', nullable: true })
  author!: string | null;

  @Column({ type: 'text', array: true })
  recipients!: string[];

  @Column({ name: 'document_date', type: 'date', nullable: true })
  documentDate!: string | null;

  @Column({ type: 'text', nullable: true })
  confidentiality!: Confidentiality | null;

  @Column({ name: 'issue_codes', type: 'text', array: true })
  issueCodes!: string[];

  @Column({ name: 'reviewed_by', type: 'text' })
  reviewedBy!: string;

  @Column({ name: 'reviewed_at', type: 'timestamptz' })
  reviewedAt!: Date;
}
