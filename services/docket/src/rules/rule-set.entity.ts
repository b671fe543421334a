import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HolidayCalendarDefinition } from './court-calendar';
import type { RuleSetDefinition } from './deadline.rules';

/** One version of a rule set, as data; reference data shared by every firm, read-only for the app role. */
@Entity({ name: 'rule_sets' })
export class RuleSetRecord {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  jurisdiction!: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ type: 'jsonb' })
  definition!: RuleSetDefinition;
}

/** One version of a jurisdiction's holiday calendar, as data. */
@Entity({ name: 'holiday_calendars' })
export class HolidayCalendarRecord {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  jurisdiction!: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ type: 'jsonb' })
  definition!: HolidayCalendarDefinition;
}
