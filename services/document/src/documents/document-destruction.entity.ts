import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { DocumentRecord } from './document.entity';

/** The destruction register: what was destroyed, when, by whom and why. Insert-only. */
@Entity({ name: 'document_destructions' })
@Index('document_destructions_firm_document', ['firmId', 'documentId'], { unique: true })
@ForeignKey(() => DocumentRecord, ['firmId', 'documentId'], ['firmId', 'id'], {
  name: 'document_destructions_firm_id_document_id_fkey',
})
export class DocumentDestruction {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'integer' })
  versions!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'destroyed_by', type: 'text' })
  destroyedBy!: string;

  @Column({ name: 'destroyed_at', type: 'timestamptz' })
  destroyedAt!: Date;
}
