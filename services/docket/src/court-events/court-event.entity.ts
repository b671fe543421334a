import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export const COURT_EVENT_KINDS = ['hearing', 'deposition', 'trial', 'conference', 'mediation'] as const;
export type CourtEventKind = (typeof COURT_EVENT_KINDS)[number];

/** scheduled; continued (postponed, to a new date or none yet); vacated (taken off calendar, final). */
export const COURT_EVENT_STATUSES = ['scheduled', 'continued', 'vacated'] as const;
export type CourtEventStatus = (typeof COURT_EVENT_STATUSES)[number];

export const COURT_EVENT_CHANGES = ['scheduled', 'updated', 'rescheduled', 'continued', 'vacated'] as const;
export type CourtEventChangeKind = (typeof COURT_EVENT_CHANGES)[number];

/** What a history line keeps of the event before and after a change. */
export interface CourtEventState {
  status: CourtEventStatus;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  location: string | null;
  courtRoom: string | null;
  remoteUrl: string | null;
  judge: string | null;
}

export interface Attendee {
  name: string;
  role?: string;
  email?: string;
  userId?: string;
}

/**
 * A hearing, deposition, trial, conference or mediation on a matter. `startsAt`/`endsAt` are
 * instants; `timeZone` is the IANA zone the event happens in (what a calendar shows it in).
 * `sequence` counts the changes a calendar subscriber must see (RFC 5545 SEQUENCE).
 */
@Entity({ name: 'court_events' })
@Index('court_events_firm_start', ['firmId', 'startsAt', 'id'])
@Index('court_events_matter_start', ['firmId', 'matterId', 'startsAt', 'id'])
@Check('court_events_kind_check', `kind IN ('hearing', 'deposition', 'trial', 'conference', 'mediation')`)
@Check('court_events_status_check', `status IN ('scheduled', 'continued', 'vacated')`)
@Check('court_events_span_check', `ends_at > starts_at`)
export class CourtEvent {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  kind!: CourtEventKind;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ name: 'court_room', type: 'text', nullable: true })
  courtRoom!: string | null;

  @Column({ name: 'remote_url', type: 'text', nullable: true })
  remoteUrl!: string | null;

  @Column({ type: 'text', nullable: true })
  judge!: string | null;

  @Column({ type: 'jsonb' })
  attendees!: Attendee[];

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'text' })
  status!: CourtEventStatus;

  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** One line of a court event's history (insert-only): what changed, why, and the event before and after. */
@Entity({ name: 'court_event_changes' })
@Index('court_event_changes_event', ['firmId', 'courtEventId', 'changedAt'])
@Check(
  'court_event_changes_change_check',
  `change IN ('scheduled', 'updated', 'rescheduled', 'continued', 'vacated')`,
)
@ForeignKey(() => CourtEvent, ['firmId', 'courtEventId'], ['firmId', 'id'], {
  name: 'court_event_changes_firm_id_court_event_id_fkey',
})
export class CourtEventChange {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'court_event_id', type: 'uuid' })
  courtEventId!: string;

  @Column({ type: 'text' })
  change!: CourtEventChangeKind;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: CourtEventState | null;

  @Column({ type: 'jsonb' })
  after!: CourtEventState;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy!: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
