import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RefType } from './conflict.types';
import type { NameKind } from './name-normalizer';

/** Every name the firm has recorded, normalised for conflict search. */
@Entity({ name: 'conflict_index' })
@Check('conflict_index_ref_type_check', `ref_type IN ('client', 'entity', 'lead')`)
@Index('conflict_index_key', ['firmId', 'matchKey'])
@Index('conflict_index_ref', ['firmId', 'refId'])
@Index('conflict_index_given', ['firmId', 'givenKey'])
// A GIN index with gin_trgm_ops, which TypeORM cannot describe; declared so the schema check leaves it alone.
@Index('conflict_index_trgm', { synchronize: false })
export class ConflictIndexEntry {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'ref_type', type: 'text' })
  refType!: RefType;

  @Column({ name: 'ref_id', type: 'uuid' })
  refId!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'name_type', type: 'text' })
  nameType!: string;

  @Column({ type: 'text', nullable: true })
  kind!: NameKind | null;

  @Column({ type: 'text' })
  normalized!: string;

  @Column({ name: 'match_key', type: 'text' })
  matchKey!: string;

  /** A person's first given name as its variant family (see givenNameFamily); null for companies. */
  @Column({ name: 'given_key', type: 'text', nullable: true })
  givenKey!: string | null;

  /** A person's family name, normalised; null for companies. */
  @Column({ name: 'family_name', type: 'text', nullable: true })
  familyName!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
