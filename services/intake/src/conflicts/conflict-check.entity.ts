import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConflictHit, ConflictQueryName } from './conflict.types';

/** A conflict check as it was run: what was asked and what was found. The app may only INSERT and SELECT it. */
@Entity({ name: 'conflict_checks' })
@Check('conflict_checks_outcome_check', `outcome IN ('no-hits', 'hits')`)
@Index('conflict_checks_matter', ['firmId', 'matterId', 'createdAt'])
export class ConflictCheck {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'matter_id', type: 'uuid', nullable: true })
  matterId!: string | null;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ type: 'jsonb' })
  query!: ConflictQueryName[];

  @Column({ type: 'jsonb' })
  hits!: ConflictHit[];

  @Column({ name: 'hit_count', type: 'int' })
  hitCount!: number;

  @Column({ type: 'text' })
  outcome!: 'no-hits' | 'hits';

  @Column({ name: 'run_by', type: 'text' })
  runBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
