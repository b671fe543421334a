import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A service's local, read-only copy of an intake matter, kept from intake.matter.v1. */
@Entity({ name: 'matter_projection' })
export class ProjectedMatter {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'practice_area', type: 'text', nullable: true })
  practiceArea!: string | null;

  @Column({ type: 'text' })
  status!: 'pending' | 'open' | 'closed';

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
