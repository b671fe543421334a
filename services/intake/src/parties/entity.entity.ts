import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { PartyKind } from './party.types';

/** A person or company the firm has recorded that is not a client: an adverse party, a witness, a related company. */
@Entity({ name: 'entities' })
@Check('entities_kind_check', `kind IN ('person', 'company')`)
@Unique('entities_firm_id_id_key', ['firmId', 'id'])
export class RecordedEntityRow {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ type: 'text' })
  kind!: PartyKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
