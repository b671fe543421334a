import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { assertKnownTimeCodes } from '../codes/utbms-code.service';
import { MatterService } from '../matters/matter.service';
import { TimeEntryService } from '../time-entries/time-entry.service';
import { TimekeeperService } from '../timekeepers/timekeeper.service';
import { isUniqueViolation } from '../unique-violation';
import { CLOCK, type Clock } from './clock';
import type { StartTimerDto, StopTimerDto, StoppedTimerView, TimerView } from './dto/timer.dto';
import { TimerAlreadyRunningError, TimerExceedsDayError } from './timer.exception';
import { TimerRepository, TIMERS_ONE_RUNNING, type Timer } from './timer.repository';
import {
  elapsedSeconds,
  minutesToRecord,
  started,
  transition,
  type TimerAction,
  type TimerState,
} from './timer.timing';

const MAX_ENTRY_MINUTES = 1440;

/**
 * A timekeeper's running clock on a matter. Timers are personal: a caller sees and drives only
 * the timers of their own timekeeper (anyone else's answer 404). Time comes from the server clock.
 */
@Injectable()
export class TimerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timers: TimerRepository,
    private readonly timekeepers: TimekeeperService,
    private readonly entries: TimeEntryService,
    private readonly matters: MatterService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Starts a running timer on an open matter; 409 `timer_already_running` if one is running. */
  async start(actor: Actor, input: StartTimerDto): Promise<TimerView> {
    // The codes become the entry's when the timer stops: refuse unknown ones now, not then.
    assertKnownTimeCodes({ taskCode: input.taskCode, activityCode: input.activityCode });
    const attempt: { timekeeperId?: string } = {};
    try {
      return await withTenant(this.dataSource, actor.firmId, async (manager) => {
        await this.matters.requireOpen(manager, input.matterId, 'time');
        const keeper = await this.timekeepers.resolve(manager, actor);
        attempt.timekeeperId = keeper.timekeeperId;
        const now = this.clock.now();
        const timer = await this.timers.insert(manager, {
          id: uuidv7(),
          firmId: actor.firmId,
          timekeeperId: keeper.timekeeperId,
          matterId: input.matterId,
          narrative: input.narrative || null,
          taskCode: input.taskCode ?? null,
          activityCode: input.activityCode ?? null,
          billable: input.billable ?? true,
          ...started(now),
          startedAt: now,
          stoppedAt: null,
          timeEntryId: null,
        });
        await this.audit(manager, actor, 'timer.started', timer, now);
        return toTimerView(timer, now);
      });
    } catch (error) {
      throw await this.explainConflict(actor, error, attempt.timekeeperId);
    }
  }

  async pause(actor: Actor, id: string): Promise<TimerView> {
    return withTenant(this.dataSource, actor.firmId, (manager) => this.apply(manager, actor, id, 'pause'));
  }

  /** Resumes a paused timer; 409 `timer_already_running` if another of the timekeeper's timers runs. */
  async resume(actor: Actor, id: string): Promise<TimerView> {
    const attempt: { timekeeperId?: string } = {};
    try {
      return await withTenant(this.dataSource, actor.firmId, (manager) =>
        this.apply(manager, actor, id, 'resume', (timer) => (attempt.timekeeperId = timer.timekeeperId)),
      );
    } catch (error) {
      throw await this.explainConflict(actor, error, attempt.timekeeperId);
    }
  }

  /**
   * Stops the timer and turns its elapsed time (rounded up to whole minutes, at least one) into a
   * draft time entry, in one transaction: if the entry is refused (matter closed, no narrative,
   * inactive timekeeper), the timer is left as it was.
   */
  async stop(actor: Actor, id: string, input: StopTimerDto): Promise<StoppedTimerView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const timer = await this.lockOwn(manager, actor, id);
      const now = this.clock.now();
      const timing = transition(timer, 'stop', now);
      const minutes = minutesToRecord(timing.accumulatedSeconds);
      if (minutes > MAX_ENTRY_MINUTES) throw new TimerExceedsDayError(timer.id, minutes);
      const narrative = input.narrative ?? timer.narrative;
      if (!narrative) {
        throw new ValidationFailedError([
          {
            field: 'narrative',
            message: 'the timer has no narrative; give one to stop it (the time entry needs one)',
          },
        ]);
      }
      const timeEntry = await this.entries.createWithin(manager, actor, {
        matterId: timer.matterId,
        workDate: input.workDate ?? timer.startedAt.toISOString().slice(0, 10),
        minutes,
        narrative,
        billable: timer.billable,
        ...(timer.taskCode ? { taskCode: timer.taskCode } : {}),
        ...(timer.activityCode ? { activityCode: timer.activityCode } : {}),
      });
      const stopped = await this.timers.save(manager, {
        ...timer,
        ...timing,
        stoppedAt: now,
        narrative,
        timeEntryId: timeEntry.id,
      });
      await this.audit(manager, actor, 'timer.stopped', stopped, now);
      return { timer: toTimerView(stopped, now), timeEntry };
    });
  }

  async get(actor: Actor, id: string): Promise<TimerView> {
    const timer = await withTenant(this.dataSource, actor.firmId, async (manager) =>
      this.timers.findOwn(manager, id, await this.timekeepers.ownIds(manager, actor)),
    );
    if (!timer) throw new NotFoundError('timer', id);
    return toTimerView(timer, this.clock.now());
  }

  /** The caller's own timers, newest first. */
  async list(
    actor: Actor,
    filters: { state?: TimerState },
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<TimerView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, async (manager) =>
      this.timers.list(manager, await this.timekeepers.ownIds(manager, actor), limit, filters, after),
    );
    const now = this.clock.now();
    return toPage(
      rows,
      limit,
      (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }),
      (row) => toTimerView(row, now),
    );
  }

  private async apply(
    manager: EntityManager,
    actor: Actor,
    id: string,
    action: Extract<TimerAction, 'pause' | 'resume'>,
    onLocked?: (timer: Timer) => void,
  ): Promise<TimerView> {
    const timer = await this.lockOwn(manager, actor, id);
    onLocked?.(timer);
    const now = this.clock.now();
    const saved = await this.timers.save(manager, { ...timer, ...transition(timer, action, now) });
    await this.audit(manager, actor, action === 'pause' ? 'timer.paused' : 'timer.resumed', saved, now);
    return toTimerView(saved, now);
  }

  private async lockOwn(manager: EntityManager, actor: Actor, id: string): Promise<Timer> {
    const timer = await this.timers.findOwn(manager, id, await this.timekeepers.ownIds(manager, actor), true);
    if (!timer) throw new NotFoundError('timer', id);
    return timer;
  }

  /**
   * The one-running-timer index refused the write (its transaction is gone): name the timer that
   * is running, read in a fresh transaction. Any other error passes through unchanged.
   */
  private async explainConflict(
    actor: Actor,
    error: unknown,
    timekeeperId: string | undefined,
  ): Promise<unknown> {
    if (timekeeperId === undefined || !isUniqueViolation(error, TIMERS_ONE_RUNNING)) return error;
    const running = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.timers.findRunning(manager, timekeeperId),
    );
    return new TimerAlreadyRunningError(running?.id ?? null);
  }

  private audit(
    manager: EntityManager,
    actor: Actor,
    action: string,
    timer: Timer,
    now: Date,
  ): Promise<void> {
    return recordChange(manager, actor, {
      action,
      resourceType: 'timer',
      resourceId: timer.id,
      details: {
        matterId: timer.matterId,
        timekeeperId: timer.timekeeperId,
        state: timer.state,
        elapsedSeconds: elapsedSeconds(timer, now),
        ...(timer.timeEntryId ? { timeEntryId: timer.timeEntryId } : {}),
      },
    });
  }
}

export function toTimerView(timer: Timer, now: Date): TimerView {
  return {
    id: timer.id,
    timekeeperId: timer.timekeeperId,
    matterId: timer.matterId,
    narrative: timer.narrative,
    taskCode: timer.taskCode,
    activityCode: timer.activityCode,
    billable: timer.billable,
    state: timer.state,
    startedAt: timer.startedAt.toISOString(),
    runningSince: timer.runningSince ? timer.runningSince.toISOString() : null,
    elapsedSeconds: elapsedSeconds(timer, now),
    stoppedAt: timer.stoppedAt ? timer.stoppedAt.toISOString() : null,
    timeEntryId: timer.timeEntryId,
    createdAt: timer.createdAt.toISOString(),
  };
}
