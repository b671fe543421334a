import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Folder } from './folder.entity';

/** A document of a matter: a title in a folder, and its versions (the newest is `currentVersion`). */
@Entity({ name: 'documents' })
@Index('documents_firm_matter', ['firmId', 'matterId', 'createdAt', 'id'])
@Index('documents_firm_custodian', ['firmId', 'custodian'])
@ForeignKey(() => Folder, ['firmId', 'folderId'], ['firmId', 'id'], {
  name: 'documents_firm_id_folder_id_fkey',
})
export class DocumentRecord {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'folder_id', type: 'uuid', nullable: true })
  folderId!: string | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'current_version', type: 'integer' })
  currentVersion!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Whose files the document was collected from (e-discovery's custodian), when the filer said. */
  @Column({ type: 'text', nullable: true })
  custodian!: string | null;

  /** Set when the document was destroyed (its blobs removed; see the destruction register). */
  @Column({ name: 'destroyed_at', type: 'timestamptz', nullable: true })
  destroyedAt!: Date | null;
}
