import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Client } from './client.entity';
import type { AlternateNameType } from './dto/create-client.dto';

/** Another name a client goes by (aka, former, trade); every one is searched by conflict checks. */
@Entity({ name: 'client_names' })
@Check('client_names_name_type_check', `name_type IN ('aka', 'former', 'trade')`)
@Index('client_names_client', ['firmId', 'clientId'])
@ForeignKey(() => Client, ['firmId', 'clientId'], ['firmId', 'id'], {
  name: 'client_names_firm_id_client_id_fkey',
})
export class ClientName {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'name_type', type: 'text' })
  nameType!: AlternateNameType;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
