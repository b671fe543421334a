import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Client } from './client.entity';

/** A person to talk to at a client (a company's general counsel, a family member). */
@Entity({ name: 'client_contacts' })
@Index('client_contacts_client', ['firmId', 'clientId'])
@ForeignKey(() => Client, ['firmId', 'clientId'], ['firmId', 'id'], {
  name: 'client_contacts_firm_id_client_id_fkey',
})
export class ClientContact {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  role!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
