import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A production: a set of document versions stamped with one contiguous Bates range. Insert-only. */
@Entity({ name: 'productions' })
@Index('productions_firm_matter', ['firmId', 'matterId', 'firstNumber'])
export class Production {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'integer' })
  padding!: number;

  @Column({ name: 'first_number', type: 'bigint' })
  firstNumber!: string;

  @Column({ name: 'last_number', type: 'bigint' })
  lastNumber!: string;

  @Column({ name: 'produced_by', type: 'text' })
  producedBy!: string;

  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;
}
