import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Production } from './production.entity';

/** One document version in a production with its Bates range (one number per document for now). */
@Entity({ name: 'production_documents' })
@Index('production_documents_firm_matter_bates', ['firmId', 'matterId', 'batesStart'], { unique: true })
@Index('production_documents_firm_document', ['firmId', 'documentId'])
@ForeignKey(() => Production, ['firmId', 'productionId'], ['firmId', 'id'], {
  name: 'production_documents_firm_id_production_id_fkey',
})
@ForeignKey('DocumentVersion', ['firmId', 'versionId'], ['firmId', 'id'], {
  name: 'production_documents_firm_id_version_id_fkey',
})
export class ProductionDocument {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'production_id', type: 'uuid' })
  productionId!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId!: string;

  @Column({ name: 'bates_start', type: 'bigint' })
  batesStart!: string;

  @Column({ name: 'bates_end', type: 'bigint' })
  batesEnd!: string;
}
