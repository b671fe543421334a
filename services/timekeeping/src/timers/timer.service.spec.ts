import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import type { TimeEntryService, TimeEntryView } from '../time-entries/time-entry.service';
import type { TimekeeperService } from '../timekeepers/timekeeper.service';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { MatterService } from '../matters/matter.service';
import type { Clock } from './clock';
import type { TimerRepository, Timer } from './timer.repository';
import { TimerService } from './timer.service';

class FakeClock implements Clock {
  private current = new Date('2026-11-20T09:00:00.000Z');
  now(): Date {
    return new Date(this.current);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** Timers in memory; the matter projection says every matter is open. */
function harness() {
  const clock = new FakeClock();
  const timers = new Map<string, Timer>();
  const manager = {
    query: async () => [],
    getRepository: () => ({ findOne: async () => ({ status: 'open', clientId: randomUUID() }) }),
  } as unknown as EntityManager;
  const dataSource = {
    transaction: async (work: (m: EntityManager) => Promise<unknown>) => work(manager),
  } as unknown as DataSource;
  const repository = {
    insert: async (_m: EntityManager, timer: Omit<Timer, 'createdAt'>) => {
      const row = { ...timer, createdAt: clock.now() };
      timers.set(row.id, row);
      return row;
    },
    findOwn: async (_m: EntityManager, id: string, owners: string[]) => {
      const timer = timers.get(id);
      return timer && owners.includes(timer.timekeeperId) ? { ...timer } : null;
    },
    save: async (_m: EntityManager, timer: Timer) => {
      timers.set(timer.id, { ...timer });
      return { ...timer };
    },
  } as unknown as TimerRepository;
  const keepers = {
    resolve: async (_m: EntityManager, actor: Actor) => ({
      timekeeperId: actor.subject,
      classification: null,
      outsourced: false,
    }),
    ownIds: async (_m: EntityManager, actor: Actor) => [actor.subject],
  } as unknown as TimekeeperService;
  const recorded: Array<{ minutes?: number; narrative: string; workDate: string }> = [];
  const entries = {
    createWithin: async (
      _m: EntityManager,
      _a: Actor,
      input: { minutes?: number; narrative: string; workDate: string },
    ) => {
      recorded.push(input);
      return { id: randomUUID(), minutes: input.minutes, narrative: input.narrative } as TimeEntryView;
    },
  } as unknown as TimeEntryService;
  const service = new TimerService(
    dataSource,
    repository,
    keepers,
    entries,
    new MatterService(new MatterProjectionService()),
    clock,
  );
  return { clock, service, recorded };
}

function actor(): Actor {
  return {
    firmId: randomUUID(),
    subject: randomUUID(),
    actorType: 'user',
    roles: ['attorney'],
    scopes: [],
    requestId: 'r',
    correlationId: 'c',
  };
}

describe('TimerService', () => {
  it('stops a paused-and-resumed timer into an entry of the run time, rounded up to whole minutes', async () => {
    const { clock, service, recorded } = harness();
    const caller = actor();
    const timer = await service.start(caller, { matterId: randomUUID(), narrative: 'Drafted the motion' });
    clock.advance(10 * 60);
    await service.pause(caller, timer.id);
    clock.advance(45 * 60);
    const resumed = await service.resume(caller, timer.id);
    clock.advance(61);

    expect(resumed.elapsedSeconds).toBe(600);
    const { timer: stopped, timeEntry } = await service.stop(caller, timer.id, {});

    expect(stopped).toMatchObject({ state: 'stopped', elapsedSeconds: 661, timeEntryId: timeEntry.id });
    expect(recorded).toEqual([
      expect.objectContaining({ minutes: 12, narrative: 'Drafted the motion', workDate: '2026-11-20' }),
    ]);
  });

  it('records a timer stopped within seconds as one minute', async () => {
    const { clock, service, recorded } = harness();
    const caller = actor();
    const timer = await service.start(caller, { matterId: randomUUID() });
    clock.advance(3);

    await service.stop(caller, timer.id, { narrative: 'Call with client', workDate: '2026-11-19' });

    expect(recorded).toEqual([
      expect.objectContaining({ minutes: 1, narrative: 'Call with client', workDate: '2026-11-19' }),
    ]);
  });

  it('refuses to stop a timer without a narrative and leaves it running', async () => {
    const { service, recorded } = harness();
    const caller = actor();
    const timer = await service.start(caller, { matterId: randomUUID() });

    await expect(service.stop(caller, timer.id, {})).rejects.toMatchObject({ code: 'validation_failed' });
    expect(recorded).toEqual([]);
    await expect(service.get(caller, timer.id)).resolves.toMatchObject({ state: 'running' });
  });

  it('refuses a timer that ran longer than a day can hold', async () => {
    const { clock, service } = harness();
    const caller = actor();
    const timer = await service.start(caller, { matterId: randomUUID(), narrative: 'Trial' });
    clock.advance(24 * 3600 + 1);

    await expect(service.stop(caller, timer.id, {})).rejects.toMatchObject({
      code: 'timer_exceeds_day',
      extensions: { elapsedMinutes: 1441 },
    });
  });

  it("answers 404 for another user's timer", async () => {
    const { service } = harness();
    const timer = await service.start(actor(), { matterId: randomUUID(), narrative: 'Mine' });

    await expect(service.pause(actor(), timer.id)).rejects.toMatchObject({
      kind: 'not-found',
      code: 'timer_not_found',
    });
  });
});
