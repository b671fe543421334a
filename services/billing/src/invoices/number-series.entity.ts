import { Column, Entity, PrimaryColumn } from 'typeorm';

export const NUMBER_SERIES = ['invoice', 'credit-note'] as const;
export type NumberSeriesName = (typeof NUMBER_SERIES)[number];

/** A firm's gap-free counter for one series; its row is locked by the issuing transaction. */
@Entity({ name: 'number_series' })
export class NumberSeries {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'text' })
  series!: NumberSeriesName;

  @Column({ type: 'text' })
  prefix!: string;

  /** Digits the sequence is zero-padded to. */
  @Column({ type: 'int' })
  padding!: number;

  @Column({ name: 'next_value', type: 'bigint' })
  nextValue!: string;
}
