import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { TimekeeperClassification } from '@lawfirm/contracts';

export const CLASSIFICATIONS_PKEY = 'timekeeper_classifications_pkey';

/** A classification a firm registered beside the six LEDES codes. */
@Entity({ name: 'timekeeper_classifications' })
@Check(
  'timekeeper_classifications_code_check',
  `code ~ '^[A-Z][A-Z0-9]{1,5}$' AND code NOT IN ('PT', 'AS', 'OC', 'PL', 'LA', 'OT')`,
)
@Check('timekeeper_classifications_ledes_code_check', `ledes_code IN ('PT', 'AS', 'OC', 'PL', 'LA', 'OT')`)
export class FirmClassification {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid', primaryKeyConstraintName: CLASSIFICATIONS_PKEY })
  firmId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: CLASSIFICATIONS_PKEY })
  code!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'ledes_code', type: 'text' })
  ledesCode!: TimekeeperClassification;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
