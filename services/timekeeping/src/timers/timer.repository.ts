import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { Timer } from './timer.entity';
import type { TimerState } from './timer.timing';

export { Timer, TIMERS_ONE_RUNNING } from './timer.entity';

/** Every statement runs in the caller's withTenant transaction: row-level security keeps it to one firm. */
@Injectable()
export class TimerRepository {
  /** Fails with a unique violation on TIMERS_ONE_RUNNING when the timekeeper already runs one. */
  async insert(manager: EntityManager, timer: Omit<Timer, 'createdAt'>): Promise<Timer> {
    const repository = manager.getRepository(Timer);
    await repository.insert(repository.create(timer));
    return repository.findOneOrFail({ where: { id: timer.id } });
  }

  /** One of the owner's timers; `lock` holds it for a state change so two changes apply in turn. */
  findOwn(manager: EntityManager, id: string, ownerIds: string[], lock = false): Promise<Timer | null> {
    return manager.getRepository(Timer).findOne({
      where: { id, timekeeperId: In(ownerIds) },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  findRunning(manager: EntityManager, timekeeperId: string): Promise<Timer | null> {
    return manager.getRepository(Timer).findOne({ where: { timekeeperId, state: 'running' } });
  }

  /** Newest first, keyset-paged at millisecond precision (the cursor's); `limit + 1` rows. */
  list(
    manager: EntityManager,
    ownerIds: string[],
    limit: number,
    filters: { state?: TimerState },
    after?: CursorPosition,
  ): Promise<Timer[]> {
    const query = manager
      .getRepository(Timer)
      .createQueryBuilder('timer')
      .where('timer.timekeeper_id = ANY(:ownerIds::text[])', { ownerIds })
      .orderBy(`date_trunc('milliseconds', timer.created_at)`, 'DESC')
      .addOrderBy('timer.id', 'DESC')
      .limit(limit + 1);
    if (filters.state) query.andWhere('timer.state = :state', { state: filters.state });
    if (after)
      query.andWhere(
        `(date_trunc('milliseconds', timer.created_at), timer.id) < (:sortKey::timestamptz, :id::uuid)`,
        after,
      );
    return query.getMany();
  }

  /** Writes a state change; fails with a unique violation on TIMERS_ONE_RUNNING as `insert` does. */
  async save(manager: EntityManager, timer: Timer): Promise<Timer> {
    const repository = manager.getRepository(Timer);
    await repository.update(
      { id: timer.id },
      {
        state: timer.state,
        runningSince: timer.runningSince,
        accumulatedSeconds: timer.accumulatedSeconds,
        stoppedAt: timer.stoppedAt,
        timeEntryId: timer.timeEntryId,
        narrative: timer.narrative,
      },
    );
    return repository.findOneOrFail({ where: { id: timer.id } });
  }
}
