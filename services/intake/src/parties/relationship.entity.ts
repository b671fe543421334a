import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { PartyType, RelationshipKind } from './party.types';

/** "<from> is <kind> of <to>" between clients and recorded entities; conflict hits are expanded along it. */
@Entity({ name: 'relationships' })
@Check('relationships_from_type_check', `from_type IN ('client', 'entity')`)
@Check('relationships_to_type_check', `to_type IN ('client', 'entity')`)
@Check(
  'relationships_kind_check',
  `kind IN ('parent', 'subsidiary', 'affiliate', 'spouse', 'household', 'officer', 'employee')`,
)
@Unique('relationships_firm_id_from_type_from_id_kind_to_type_to_id_key', [
  'firmId',
  'fromType',
  'fromId',
  'kind',
  'toType',
  'toId',
])
@Index('relationships_from', ['firmId', 'fromId'])
@Index('relationships_to', ['firmId', 'toId'])
export class Relationship {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'from_type', type: 'text' })
  fromType!: PartyType;

  @Column({ name: 'from_id', type: 'uuid' })
  fromId!: string;

  @Column({ type: 'text' })
  kind!: RelationshipKind;

  @Column({ name: 'to_type', type: 'text' })
  toType!: PartyType;

  @Column({ name: 'to_id', type: 'uuid' })
  toId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
