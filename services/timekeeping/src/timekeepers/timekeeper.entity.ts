import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { TimekeeperClassification } from '@lawfirm/contracts';

/** A timekeeper's profile in the firm: who records time, under which classification. */
@Entity({ name: 'timekeepers' })
@Unique('timekeepers_firm_id_id_key', ['firmId', 'id'])
@Unique('timekeepers_firm_id_user_id_key', ['firmId', 'userId'])
@Check(
  'timekeepers_ledes_classification_check',
  `ledes_classification IN ('PT', 'AS', 'OC', 'PL', 'LA', 'OT')`,
)
export class Timekeeper {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'timekeepers_pkey' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  /** The gateway user (actor subject) this profile belongs to, if any. */
  @Column({ name: 'user_id', type: 'text', nullable: true })
  userId!: string | null;

  /** Set for a vendor organisation's staff: their work is outsourced. */
  @Column({ name: 'vendor_id', type: 'uuid', nullable: true })
  vendorId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  /** A LEDES code or one the firm registered. */
  @Column({ type: 'text' })
  classification!: string;

  /**
   * The LEDES 1998B code the classification reports as. Null on profiles from before firms could
   * register codes, whose `classification` is then itself a LEDES code (the repository fills it in).
   */
  @Column({ name: 'ledes_classification', type: 'text', nullable: true })
  ledesClassification!: TimekeeperClassification;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

export const TIMEKEEPERS_USER_UNIQUE = 'timekeepers_firm_id_user_id_key';
