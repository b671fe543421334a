import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** A matter's Bates numbering: `prefix` + the number zero-padded to `padding` digits; `nextNumber` is the next to stamp. */
@Entity({ name: 'bates_counters' })
@Check('bates_counters_next_positive', `"next_number" > 0`)
export class BatesCounter {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'integer' })
  padding!: number;

  @Column({ name: 'next_number', type: 'bigint' })
  nextNumber!: string;
}
