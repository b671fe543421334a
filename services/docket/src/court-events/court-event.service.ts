import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import {
  CourtEventChangedV1,
  CourtEventScheduledV1,
  uuidv7,
  type CourtEventSnapshotV1,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { ReminderService } from '../reminders/reminder.service';
import type {
  CourtEvent,
  CourtEventChange,
  CourtEventChangeKind,
  CourtEventState,
} from './court-event.entity';
import { CourtEventMatterClosedError, CourtEventVacatedError } from './court-event.exception';
import { CourtEventRepository } from './court-event.repository';
import type {
  ContinueCourtEventDto,
  CourtEventDetailView,
  CourtEventView,
  CreateCourtEventDto,
  UpdateCourtEventDto,
} from './dto/court-event.dto';

/** A court event as a calendar feed reads it. */
export type CalendarCourtEvent = CourtEvent;

/** The longest range a firm-wide event list covers in one request. */
const MAX_RANGE_DAYS = 366;
/** A hearing, trial or deposition lasts at most this long as one calendar entry. */
const MAX_EVENT_DAYS = 60;

/**
 * Court events on matters: scheduled, changed, rescheduled, continued or vacated, each change a
 * line of the event's history and a `docket.court-event.*` event in the same transaction. The
 * event's reminders are re-planned whenever its time moves and cancelled when it leaves the calendar.
 */
@Injectable()
export class CourtEventService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CourtEventRepository,
    private readonly matters: MatterProjectionService,
    private readonly reminders: ReminderService,
  ) {}

  async schedule(actor: Actor, matterId: string, input: CreateCourtEventDto): Promise<CourtEventView> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    checkSpan(startsAt, endsAt);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireOpenMatter(manager, matterId);
      const now = new Date();
      const event: CourtEvent = {
        firmId: actor.firmId,
        id: uuidv7(),
        matterId,
        kind: input.kind,
        title: input.title,
        startsAt,
        endsAt,
        timeZone: input.timeZone,
        location: input.location ?? null,
        courtRoom: input.courtRoom ?? null,
        remoteUrl: input.remoteUrl ?? null,
        judge: input.judge ?? null,
        attendees: (input.attendees ?? []).map((attendee) => ({ ...attendee })),
        notes: input.notes ?? null,
        status: 'scheduled',
        sequence: 0,
        createdBy: actor.subject,
        createdAt: now,
        updatedAt: now,
      };
      await this.events.insert(manager, event);
      await this.addHistory(manager, actor, event, 'scheduled', null, null, now);
      await this.reminders.planAt(manager, reminded(event), event.startsAt, now);
      await recordChange(manager, actor, {
        action: 'court-event.scheduled',
        resourceType: 'court_event',
        resourceId: event.id,
        details: { matterId, kind: event.kind, startsAt: event.startsAt.toISOString() },
        events: [{ type: CourtEventScheduledV1.type, aggregateId: event.id, data: snapshot(event) }],
      });
      return toCourtEventView(event);
    });
  }

  /** Changes details and/or the time; a new time is recorded as rescheduled and moves the reminders. */
  async update(actor: Actor, id: string, input: UpdateCourtEventDto): Promise<CourtEventView> {
    return this.change(actor, id, async (event) => {
      const startsAt = input.startsAt !== undefined ? new Date(input.startsAt) : event.startsAt;
      const endsAt = input.endsAt !== undefined ? new Date(input.endsAt) : event.endsAt;
      checkSpan(startsAt, endsAt);
      const moved = startsAt.getTime() !== event.startsAt.getTime();
      Object.assign(event, {
        startsAt,
        endsAt,
        ...definedOnly({
          title: input.title,
          timeZone: input.timeZone,
          location: input.location,
          courtRoom: input.courtRoom,
          remoteUrl: input.remoteUrl,
          judge: input.judge,
          notes: input.notes,
        }),
        ...(input.attendees !== undefined
          ? { attendees: input.attendees.map((attendee) => ({ ...attendee })) }
          : {}),
      });
      return { change: moved ? 'rescheduled' : 'updated', reason: null, replan: moved };
    });
  }

  /** Postpones the event, to a new time when one is set; without one its reminders stop until it gets one. */
  async continueEvent(actor: Actor, id: string, input: ContinueCourtEventDto): Promise<CourtEventView> {
    if ((input.startsAt === undefined) !== (input.endsAt === undefined))
      throw new ValidationFailedError([
        {
          field: input.startsAt === undefined ? 'startsAt' : 'endsAt',
          message: 'startsAt and endsAt are given together, or neither (continued to a date not yet set)',
        },
      ]);
    return this.change(actor, id, async (event) => {
      if (input.startsAt !== undefined && input.endsAt !== undefined) {
        const startsAt = new Date(input.startsAt);
        const endsAt = new Date(input.endsAt);
        checkSpan(startsAt, endsAt);
        Object.assign(event, { startsAt, endsAt });
      }
      event.status = 'continued';
      return {
        change: 'continued',
        reason: input.reason,
        replan: input.startsAt !== undefined,
        cancel: input.startsAt === undefined,
      };
    });
  }

  async vacate(actor: Actor, id: string, reason: string): Promise<CourtEventView> {
    return this.change(actor, id, async (event) => {
      event.status = 'vacated';
      return { change: 'vacated', reason, replan: false, cancel: true };
    });
  }

  /** The events a calendar feed shows (inside the feed's transaction): starting between two instants, vacated ones too. */
  forCalendar(
    manager: EntityManager,
    filter: { matterId?: string; from: Date; to: Date },
    limit: number,
  ): Promise<CalendarCourtEvent[]> {
    return this.events.page(manager, filter, limit - 1);
  }

  async get(actor: Actor, id: string): Promise<CourtEventDetailView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const event = await this.events.find(manager, id);
      if (!event) throw new NotFoundError('court-event', id);
      const history = await this.events.history(manager, id);
      return { ...toCourtEventView(event), history: history.map(toChangeView) };
    });
  }

  async ofMatter(
    actor: Actor,
    matterId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<CourtEventView>> {
    const after = decodeCursor(cursor, 'timestamp');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.events.page(manager, { matterId }, limit, after);
      if (rows.length === 0 && !after && !(await this.matters.find(manager, matterId)))
        throw new NotFoundError('matter', matterId);
      return toPage(
        rows,
        limit,
        (row) => ({ sortKey: row.startsAt.toISOString(), id: row.id }),
        toCourtEventView,
      );
    });
  }

  /** The firm's events starting between two days (UTC), earliest first. */
  async between(
    actor: Actor,
    from: string,
    to: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<CourtEventView>> {
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    if (days > MAX_RANGE_DAYS)
      throw new ValidationFailedError([
        { field: 'to', message: `to must be at most ${MAX_RANGE_DAYS} days after from` },
      ]);
    const after = decodeCursor(cursor, 'timestamp');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.events.page(
        manager,
        { from: new Date(`${from}T00:00:00Z`), to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) },
        limit,
        after,
      );
      return toPage(
        rows,
        limit,
        (row) => ({ sortKey: row.startsAt.toISOString(), id: row.id }),
        toCourtEventView,
      );
    });
  }

  private async change(
    actor: Actor,
    id: string,
    apply: (
      event: CourtEvent,
    ) => Promise<{ change: CourtEventChangeKind; reason: string | null; replan: boolean; cancel?: boolean }>,
  ): Promise<CourtEventView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const event = await this.events.lock(manager, id);
      if (!event) throw new NotFoundError('court-event', id);
      if (event.status === 'vacated') throw new CourtEventVacatedError(id);
      const before = { ...event, attendees: [...event.attendees] };
      const outcome = await apply(event);
      const now = new Date();
      event.sequence += 1;
      event.updatedAt = now;
      await this.events.save(manager, event);
      await this.addHistory(manager, actor, event, outcome.change, outcome.reason, before, now);
      if (outcome.cancel) await this.reminders.cancel(manager, event.id);
      else if (outcome.replan || before.title !== event.title)
        await this.reminders.planAt(manager, reminded(event), event.startsAt, now);
      await recordChange(manager, actor, {
        action: `court-event.${outcome.change}`,
        resourceType: 'court_event',
        resourceId: event.id,
        details: {
          matterId: event.matterId,
          status: event.status,
          startsAt: event.startsAt.toISOString(),
          ...(outcome.reason ? { reason: outcome.reason } : {}),
        },
        events: [
          {
            type: CourtEventChangedV1.type,
            aggregateId: event.id,
            data: {
              reason: outcome.change,
              ...(outcome.reason ? { note: outcome.reason } : {}),
              before: snapshot(before),
              after: snapshot(event),
            },
          },
        ],
      });
      return toCourtEventView(event);
    });
  }

  private async addHistory(
    manager: EntityManager,
    actor: Actor,
    event: CourtEvent,
    change: CourtEventChangeKind,
    reason: string | null,
    before: CourtEvent | null,
    now: Date,
  ): Promise<void> {
    await this.events.addChange(manager, {
      firmId: event.firmId,
      id: uuidv7(),
      courtEventId: event.id,
      change,
      reason,
      before: before ? historyState(before) : null,
      after: historyState(event),
      changedBy: actor.subject,
      changedAt: now,
    });
  }

  private async requireOpenMatter(manager: EntityManager, matterId: string): Promise<void> {
    const matter = await this.matters.find(manager, matterId);
    if (!matter) throw new NotFoundError('matter', matterId);
    if (matter.status === 'closed') throw new CourtEventMatterClosedError(matterId);
  }
}

function checkSpan(startsAt: Date, endsAt: Date): void {
  const errors: FieldError[] = [];
  if (endsAt.getTime() <= startsAt.getTime())
    errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  else if (endsAt.getTime() - startsAt.getTime() > MAX_EVENT_DAYS * 86_400_000)
    errors.push({ field: 'endsAt', message: `an event lasts at most ${MAX_EVENT_DAYS} days` });
  if (errors.length) throw new ValidationFailedError(errors);
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function reminded(event: CourtEvent): {
  firmId: string;
  itemKind: 'court-event';
  itemId: string;
  matterId: string;
  title: string;
} {
  return {
    firmId: event.firmId,
    itemKind: 'court-event',
    itemId: event.id,
    matterId: event.matterId,
    title: event.title,
  };
}

function snapshot(event: CourtEvent): CourtEventSnapshotV1 {
  return {
    courtEventId: event.id,
    matterId: event.matterId,
    kind: event.kind,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    timeZone: event.timeZone,
    status: event.status,
    sequence: event.sequence,
  };
}

function historyState(event: CourtEvent): CourtEventState {
  return {
    status: event.status,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    timeZone: event.timeZone,
    location: event.location,
    courtRoom: event.courtRoom,
    remoteUrl: event.remoteUrl,
    judge: event.judge,
  };
}

export function toCourtEventView(event: CourtEvent): CourtEventView {
  return {
    id: event.id,
    matterId: event.matterId,
    kind: event.kind,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    timeZone: event.timeZone,
    location: event.location,
    courtRoom: event.courtRoom,
    remoteUrl: event.remoteUrl,
    judge: event.judge,
    attendees: event.attendees,
    notes: event.notes,
    status: event.status,
    sequence: event.sequence,
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}

function toChangeView(change: CourtEventChange): CourtEventDetailView['history'][number] {
  return {
    change: change.change,
    reason: change.reason,
    fromStartsAt: change.before?.startsAt ?? null,
    toStartsAt: change.after.startsAt,
    status: change.after.status,
    changedBy: change.changedBy,
    changedAt: change.changedAt.toISOString(),
  };
}
