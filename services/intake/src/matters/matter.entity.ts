import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import type { MatterStatus } from '@lawfirm/contracts';

@Entity({ name: 'matters' })
@Check('matters_status_check', `status IN ('pending', 'open', 'closed')`)
@Unique('matters_firm_id_id_key', ['firmId', 'id'])
@Unique('matters_firm_id_number_key', ['firmId', 'number'])
@Index('matters_firm_created', ['firmId', 'createdAt', 'id'])
@Index('matters_firm_client', ['firmId', 'clientId'])
// The table, not the Client entity: matters know clients only through ClientService.
@ForeignKey('clients', ['firmId', 'clientId'], ['firmId', 'id'], { name: 'matters_client_fk' })
export class Matter {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  /** Firm-unique, human-facing: `<year>-<sequence>`, e.g. 2026-0042. */
  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'practice_area', type: 'text', nullable: true })
  practiceArea!: string | null;

  @Column({ type: 'text' })
  status!: MatterStatus;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  jurisdiction!: string | null;

  @Column({ type: 'text', nullable: true })
  court!: string | null;

  @Column({ name: 'responsible_attorney_id', type: 'text', nullable: true })
  responsibleAttorneyId!: string | null;

  @Column({ name: 'originating_attorney_id', type: 'text', nullable: true })
  originatingAttorneyId!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closure_reason', type: 'text', nullable: true })
  closureReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
