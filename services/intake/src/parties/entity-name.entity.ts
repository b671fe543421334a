import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { RecordedEntityRow } from './entity.entity';

/** Another name a recorded person or company goes by. */
@Entity({ name: 'entity_names' })
@Check('entity_names_name_type_check', `name_type IN ('aka', 'former', 'trade')`)
@ForeignKey(() => RecordedEntityRow, ['firmId', 'entityId'], ['firmId', 'id'], {
  name: 'entity_names_firm_id_entity_id_fkey',
})
export class EntityName {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'name_type', type: 'text' })
  nameType!: 'aka' | 'former' | 'trade';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
