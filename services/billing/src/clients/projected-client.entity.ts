import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Billing's copy of intake's clients (from `intake.client.v1`): what an invoice names. */
@Entity({ name: 'client_projection' })
export class ProjectedClient {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
