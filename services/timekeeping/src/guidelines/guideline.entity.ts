import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { GuidelineMode, GuidelineRules } from './guideline.types';

/** One stored version of a client's guideline. Versions are never updated: a change is a new version. */
@Entity({ name: 'billing_guidelines' })
@Unique('billing_guidelines_firm_id_client_id_version_key', ['firmId', 'clientId', 'version'])
@Check('billing_guidelines_mode_check', `mode IN ('warn', 'block')`)
export class GuidelineVersion {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'billing_guidelines_pkey' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  mode!: GuidelineMode;

  @Column({ type: 'jsonb' })
  rules!: GuidelineRules;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
