import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { ClientKind } from '@lawfirm/contracts';

@Entity({ name: 'clients' })
@Check('clients_kind_check', `kind IN ('person', 'company')`)
@Unique('clients_firm_id_id_key', ['firmId', 'id'])
@Index('clients_firm_created', ['firmId', 'createdAt', 'id'])
export class Client {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ type: 'text' })
  kind!: ClientKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
