import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A legal hold on a matter: until released, nothing of the matter may be destroyed. */
@Entity({ name: 'legal_holds' })
@Index('legal_holds_firm_matter', ['firmId', 'matterId'])
export class LegalHold {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'placed_by', type: 'text' })
  placedBy!: string;

  @Column({ name: 'placed_at', type: 'timestamptz' })
  placedAt!: Date;

  @Column({ name: 'released_by', type: 'text', nullable: true })
  releasedBy!: string | null;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;
}
