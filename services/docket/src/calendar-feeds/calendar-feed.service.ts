import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { uuidv7 } from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { CourtEventService } from '../court-events/court-event.service';
import { DeadlineService } from '../deadlines/deadline.service';
import { CALENDAR_FEED_SCOPE, type CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedRevokedError } from './calendar-feed.exception';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { renderCalendar } from './calendar.render';
import type {
  CalendarFeedView,
  CalendarFeedSecretView,
  CreateCalendarFeedDto,
} from './dto/calendar-feed.dto';

/** A feed secret: a recognisable prefix and 32 random bytes (base64url). */
const TOKEN_PREFIX = 'lfcal_';
const TOKEN_PATTERN = /^lfcal_[A-Za-z0-9_-]{43}$/;
/** What a feed shows: from 90 days back to two years ahead, at most this many of each kind. */
const PAST_DAYS = 90;
const FUTURE_DAYS = 730;
const MAX_ITEMS = 2000;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Calendar feeds on secret URLs (the one place a secret travels in a URL: calendar clients
 * cannot send a header). The secret is shown once, kept only as its SHA-256, and can be rotated
 * or revoked; a revoked or unknown secret answers 404 like any unknown path.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feeds: CalendarFeedRepository,
    private readonly matters: MatterProjectionService,
    private readonly deadlines: DeadlineService,
    private readonly courtEvents: CourtEventService,
  ) {}

  async create(actor: Actor, input: CreateCalendarFeedDto): Promise<CalendarFeedSecretView> {
    if (input.scope === 'user' && input.matterId !== undefined)
      throw new ValidationFailedError([
        {
          field: 'matterId',
          message: 'matterId goes only with scope matter (a user feed covers every matter)',
        },
      ]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      let name = input.name ?? 'Docket';
      if (input.scope === 'matter') {
        const matter = await this.matters.find(manager, input.matterId!);
        if (!matter) throw new NotFoundError('matter', input.matterId!);
        name = input.name ?? `${matter.number} ${matter.title}`;
      }
      const token = newToken();
      const feed: CalendarFeed = {
        firmId: actor.firmId,
        id: uuidv7(),
        scope: input.scope,
        ownerSubject: actor.subject,
        matterId: input.scope === 'matter' ? input.matterId! : null,
        name,
        tokenHash: hashOf(token),
        tokenHint: token.slice(0, TOKEN_PREFIX.length + 4),
        createdAt: new Date(),
        rotatedAt: null,
        revokedAt: null,
      };
      await this.feeds.insert(manager, feed);
      await recordChange(manager, actor, {
        action: 'calendar-feed.created',
        resourceType: 'calendar_feed',
        resourceId: feed.id,
        details: { scope: feed.scope, matterId: feed.matterId, name: feed.name },
      });
      return secretView(feed, token);
    });
  }

  async mine(actor: Actor): Promise<CalendarFeedView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) =>
      (await this.feeds.ofOwner(manager, actor.subject)).map(toFeedView),
    );
  }

  /** A new secret for the feed; the old one stops working at once. */
  async rotate(actor: Actor, id: string): Promise<CalendarFeedSecretView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const feed = await this.ownFeed(manager, actor, id);
      if (feed.revokedAt) throw new CalendarFeedRevokedError(id);
      const token = newToken();
      Object.assign(feed, {
        tokenHash: hashOf(token),
        tokenHint: token.slice(0, TOKEN_PREFIX.length + 4),
        rotatedAt: new Date(),
      });
      await this.feeds.save(manager, feed);
      await recordChange(manager, actor, {
        action: 'calendar-feed.rotated',
        resourceType: 'calendar_feed',
        resourceId: feed.id,
      });
      return secretView(feed, token);
    });
  }

  async revoke(actor: Actor, id: string): Promise<CalendarFeedView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const feed = await this.ownFeed(manager, actor, id);
      if (feed.revokedAt) throw new CalendarFeedRevokedError(id);
      feed.revokedAt = new Date();
      await this.feeds.save(manager, feed);
      await recordChange(manager, actor, {
        action: 'calendar-feed.revoked',
        resourceType: 'calendar_feed',
        resourceId: feed.id,
      });
      return toFeedView(feed);
    });
  }

  /** The calendar behind a secret, as RFC 5545 text; an unknown, malformed or revoked secret is a 404. */
  async render(token: string, now = new Date()): Promise<string> {
    if (!TOKEN_PATTERN.test(token)) throw new NotFoundError('calendar-feed', 'this');
    const feed = await withScope(this.dataSource, CALENDAR_FEED_SCOPE, (manager) =>
      this.feeds.findLive(manager, hashOf(token)),
    );
    if (!feed) throw new NotFoundError('calendar-feed', 'this');
    return withTenant(this.dataSource, feed.firmId, async (manager) => {
      const from = new Date(now.getTime() - PAST_DAYS * 86_400_000);
      const to = new Date(now.getTime() + FUTURE_DAYS * 86_400_000);
      const matter = feed.matterId ? { matterId: feed.matterId } : {};
      const deadlines = await this.deadlines.forCalendar(
        manager,
        { ...matter, from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) },
        MAX_ITEMS,
      );
      const courtEvents = await this.courtEvents.forCalendar(manager, { ...matter, from, to }, MAX_ITEMS);
      return renderCalendar({ name: feed.name, deadlines, courtEvents });
    });
  }

  /** A feed is its owner's (a firm admin may rotate or revoke anyone's); another's answers 404. */
  private async ownFeed(
    manager: Parameters<CalendarFeedRepository['lock']>[0],
    actor: Actor,
    id: string,
  ): Promise<CalendarFeed> {
    const feed = await this.feeds.lock(manager, id);
    if (!feed || (feed.ownerSubject !== actor.subject && !actor.roles.includes('firm-admin')))
      throw new NotFoundError('calendar-feed', id);
    return feed;
  }
}

function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function secretView(feed: CalendarFeed, token: string): CalendarFeedSecretView {
  return { feed: toFeedView(feed), token, path: `/v1/calendar-feeds/${token}/calendar.ics` };
}

function toFeedView(feed: CalendarFeed): CalendarFeedView {
  return {
    id: feed.id,
    scope: feed.scope,
    matterId: feed.matterId,
    name: feed.name,
    tokenHint: feed.tokenHint,
    createdAt: feed.createdAt.toISOString(),
    rotatedAt: feed.rotatedAt?.toISOString() ?? null,
    revokedAt: feed.revokedAt?.toISOString() ?? null,
  };
}
