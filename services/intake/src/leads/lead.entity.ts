import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { ClientKind } from '@lawfirm/contracts';
import type { StageOutcome } from './lead-stage.rules';

/** A prospective client, from first contact until the firm is hired (conversion) or not. */
@Entity({ name: 'leads' })
@Check('leads_kind_check', `kind IN ('person', 'company')`)
@Unique('leads_firm_id_id_key', ['firmId', 'id'])
@Index('leads_firm_stage', ['firmId', 'stage', 'createdAt'])
export class LeadRow {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ type: 'text' })
  kind!: ClientKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ name: 'practice_area', type: 'text', nullable: true })
  practiceArea!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text' })
  stage!: string;

  /** YYYY-MM-DD (TypeORM hands a `date` over as that text). */
  @Column({ name: 'follow_up_due', type: 'date', nullable: true })
  followUpDue!: string | null;

  @Column({ name: 'responsible_attorney_id', type: 'text', nullable: true })
  responsibleAttorneyId!: string | null;

  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ name: 'matter_id', type: 'uuid', nullable: true })
  matterId!: string | null;

  @Column({ name: 'not_hired_reason', type: 'text', nullable: true })
  notHiredReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** One stage of a firm's lead pipeline, in `position` order. */
@Entity({ name: 'lead_stages' })
@Check('lead_stages_outcome_check', `outcome IN ('hired', 'not-hired')`)
export class LeadStageRow {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'text', nullable: true })
  outcome!: StageOutcome | null;
}

/** Which attorney new leads of a practice area go to. */
@Entity({ name: 'lead_routing_rules' })
@Unique('lead_routing_rules_firm_id_practice_area_key', ['firmId', 'practiceArea'])
export class LeadRoutingRuleRow {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'practice_area', type: 'text' })
  practiceArea!: string;

  @Column({ name: 'responsible_attorney_id', type: 'text' })
  responsibleAttorneyId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
