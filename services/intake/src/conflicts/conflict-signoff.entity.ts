import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { ConflictCheck } from './conflict-check.entity';

/** The one decision on a check (an attorney's, or the system's when it found nothing). Insert-only. */
@Entity({ name: 'conflict_signoffs' })
@Check('conflict_signoffs_decision_check', `decision IN ('cleared', 'waived', 'declined', 'auto-cleared')`)
@Unique('conflict_signoffs_check_id_key', ['checkId'])
@ForeignKey(() => ConflictCheck, ['checkId'], ['id'], { name: 'conflict_signoffs_check_id_fkey' })
export class ConflictSignoff {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'check_id', type: 'uuid' })
  checkId!: string;

  @Column({ type: 'text' })
  decision!: 'cleared' | 'waived' | 'declined' | 'auto-cleared';

  @Column({ name: 'waiver_reference', type: 'text', nullable: true })
  waiverReference!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'signed_by', type: 'text' })
  signedBy!: string;

  @CreateDateColumn({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;
}
