import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per firm and year, the last matter number handed out. */
@Entity({ name: 'matter_number_counters' })
export class MatterNumberCounter {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ name: 'last_value', type: 'int' })
  lastValue!: number;
}
