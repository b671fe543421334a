import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { TimeEntry, type TimeEntryStatus } from './time-entry.entity';

@Injectable()
export class TimeEntryRepository {
  insert(manager: EntityManager, entry: Omit<TimeEntry, 'createdAt'>): Promise<TimeEntry> {
    const repository = manager.getRepository(TimeEntry);
    return repository.save(repository.create(entry));
  }

  findById(manager: EntityManager, id: string): Promise<TimeEntry | null> {
    return manager.getRepository(TimeEntry).findOne({ where: { id } });
  }

  /** Locks the row for a status transition so two approvals cannot both succeed. */
  findForUpdate(manager: EntityManager, id: string): Promise<TimeEntry | null> {
    return manager.getRepository(TimeEntry).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, entry: TimeEntry): Promise<TimeEntry> {
    return manager.getRepository(TimeEntry).save(entry);
  }

  list(
    manager: EntityManager,
    limit: number,
    filters: { matterId?: string; status?: TimeEntryStatus },
    after?: CursorPosition,
  ): Promise<TimeEntry[]> {
    const query = manager
      .getRepository(TimeEntry)
      .createQueryBuilder('entry')
      .orderBy(`date_trunc('milliseconds', entry.created_at)`, 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .limit(limit + 1);
    if (filters.matterId) query.andWhere('entry.matter_id = :matterId', { matterId: filters.matterId });
    if (filters.status) query.andWhere('entry.status = :status', { status: filters.status });
    if (after) query.andWhere(`(date_trunc('milliseconds', entry.created_at), entry.id) < (:sortKey::timestamptz, :id::uuid)`, after);
    return query.getMany();
  }
}
