import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { SkipReason } from './text-extraction';

/** The searchable text of one document version, or why it has none. */
@Entity({ name: 'document_texts' })
@Check('document_texts_status_check', `status IN ('extracted', 'skipped')`)
@Index('document_texts_firm_document', ['firmId', 'documentId'])
// A GIN index over the tsvector, which TypeORM cannot describe; declared so the schema check leaves it alone.
@Index('document_texts_search', { synchronize: false })
@ForeignKey('DocumentVersion', ['firmId', 'versionId'], ['firmId', 'id'], {
  name: 'document_texts_firm_id_version_id_fkey',
})
export class DocumentText {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ type: 'text' })
  status!: 'extracted' | 'skipped';

  @Column({ name: 'skip_reason', type: 'text', nullable: true })
  skipReason!: SkipReason | null;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  /** The extracted text, at most DOCUMENT_TEXT_MAX_CHARS; empty when skipped. */
  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'boolean' })
  truncated!: boolean;

  /** to_tsvector('english', content), written with the row. */
  @Column({ name: 'search_vector', type: 'tsvector', select: false })
  searchVector?: string;

  @Column({ name: 'extracted_at', type: 'timestamptz' })
  extractedAt!: Date;
}
