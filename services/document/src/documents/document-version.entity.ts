import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { DocumentRecord } from './document.entity';

/**
 * One version of a document, kept for ever: what was uploaded (size, sniffed media type, SHA-256 of
 * the plaintext), by whom and when, and how to open its encrypted blob (IV, GCM tag, data key wrapped
 * by the firm's key `firmKeyVersion`). Only the two key columns ever change (a firm-key rotation).
 */
@Entity({ name: 'document_versions' })
@Index('document_versions_firm_document_version', ['firmId', 'documentId', 'version'], { unique: true })
@ForeignKey(() => DocumentRecord, ['firmId', 'documentId'], ['firmId', 'id'], {
  name: 'document_versions_firm_id_document_id_fkey',
})
export class DocumentVersion {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @Column({ name: 'uploader_type', type: 'text' })
  uploaderType!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'content_iv', type: 'bytea' })
  contentIv!: Buffer;

  @Column({ name: 'auth_tag', type: 'bytea' })
  authTag!: Buffer;

  @Column({ name: 'wrapped_data_key', type: 'bytea' })
  wrappedDataKey!: Buffer;

  @Column({ name: 'firm_key_version', type: 'integer' })
  firmKeyVersion!: number;
}
