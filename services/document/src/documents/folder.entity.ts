import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A folder of a matter's documents; `path` (`/Pleadings/Drafts`) is unique per matter. */
@Entity({ name: 'document_folders' })
@Index('document_folders_firm_matter_path', ['firmId', 'matterId', 'path'], { unique: true })
@ForeignKey(() => Folder, ['firmId', 'parentId'], ['firmId', 'id'], {
  name: 'document_folders_firm_id_parent_id_fkey',
})
export class Folder {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  path!: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
