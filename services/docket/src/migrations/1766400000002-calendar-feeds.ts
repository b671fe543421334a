import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** The scope in which a feed's secret is looked up before its firm is known (CALENDAR_FEED_SCOPE). */
const CALENDAR_FEED_SCOPE = 'docket-calendar-feed';

/**
 * iCalendar feeds (issue 13): a user's or a matter's calendar on a secret URL. Only the SHA-256
 * of the secret is kept; a revoked or rotated secret answers 404.
 */
export class CalendarFeeds1766400000002 implements MigrationInterface {
  name = 'CalendarFeeds1766400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const statements = [
      `CREATE TABLE "calendar_feeds" ("firm_id" uuid NOT NULL, "id" uuid NOT NULL, "scope" text NOT NULL,
        "owner_subject" text NOT NULL, "matter_id" uuid, "name" text NOT NULL, "token_hash" text NOT NULL,
        "token_hint" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_calendar_feeds" PRIMARY KEY ("firm_id", "id"),
        CONSTRAINT "calendar_feeds_scope_check" CHECK (scope IN ('user', 'matter')),
        CONSTRAINT "calendar_feeds_matter_check" CHECK ((scope = 'matter') = (matter_id IS NOT NULL)))`,
      `CREATE UNIQUE INDEX "calendar_feeds_token" ON "calendar_feeds" ("token_hash")`,
      `CREATE INDEX "calendar_feeds_owner" ON "calendar_feeds" ("firm_id", "owner_subject", "created_at")`,
      ...tenantTableSql('calendar_feeds', { readScopes: [CALENDAR_FEED_SCOPE] }),
      grantSql('calendar_feeds', appRole, 'SELECT, INSERT, UPDATE'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
