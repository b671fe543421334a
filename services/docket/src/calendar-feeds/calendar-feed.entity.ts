import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The scope in which a feed's secret is looked up before its firm is known (read-only, this table only). */
export const CALENDAR_FEED_SCOPE = 'docket-calendar-feed';

export const CALENDAR_FEED_SCOPES = ['user', 'matter'] as const;
export type CalendarFeedScope = (typeof CALENDAR_FEED_SCOPES)[number];

/**
 * A calendar on a secret URL: a user's (the firm's docket as that user reads it) or one matter's.
 * The secret itself is never stored, only its SHA-256 (`tokenHash`) and its first characters.
 */
@Entity({ name: 'calendar_feeds' })
@Index('calendar_feeds_token', ['tokenHash'], { unique: true })
@Index('calendar_feeds_owner', ['firmId', 'ownerSubject', 'createdAt'])
@Check('calendar_feeds_scope_check', `scope IN ('user', 'matter')`)
@Check('calendar_feeds_matter_check', `(scope = 'matter') = (matter_id IS NOT NULL)`)
export class CalendarFeed {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  scope!: CalendarFeedScope;

  @Column({ name: 'owner_subject', type: 'text' })
  ownerSubject!: string;

  @Column({ name: 'matter_id', type: 'uuid', nullable: true })
  matterId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  /** The secret's first characters, so its owner can tell two feeds apart. */
  @Column({ name: 'token_hint', type: 'text' })
  tokenHint!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
