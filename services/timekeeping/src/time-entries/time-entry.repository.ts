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

  async markBilled(manager: EntityManager, ids: string[], invoiceId: string, billedAt: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager
      .createQueryBuilder()
      .update(TimeEntry)
      .set({ status: 'billed', billedAt, invoiceId, updatedAt: () => 'now()' })
      .where('id = ANY(:ids::uuid[])', { ids })
      .andWhere(`status = 'approved'`)
      .execute();
  }

  async idsFor(
    manager: EntityManager,
    filter: {
      matterId?: string;
      from?: string;
      to?: string;
      status: TimeEntryStatus;
      /** Only these timekeepers' entries (a timekeeper's own bulk submit). */
      onlyTimekeeperIds?: string[];
      /** Not these timekeepers' entries (an approver never bulk-approves their own). */
      exceptTimekeeperIds?: string[];
      /** Not the entries this subject recorded (for themselves or for someone else). */
      exceptCreatedBy?: string;
    },
  ): Promise<string[]> {
    const query = manager
      .getRepository(TimeEntry)
      .createQueryBuilder('entry')
      .select('entry.id', 'id')
      .where('entry.status = :status', { status: filter.status })
      .orderBy('entry.work_date')
      .addOrderBy('entry.created_at')
      .addOrderBy('entry.id')
      .limit(10000);
    if (filter.matterId) query.andWhere('entry.matter_id = :matterId', { matterId: filter.matterId });
    if (filter.from) query.andWhere('entry.work_date >= :from::date', { from: filter.from });
    if (filter.to) query.andWhere('entry.work_date <= :to::date', { to: filter.to });
    if (filter.onlyTimekeeperIds)
      query.andWhere('entry.timekeeper_id IN (:...only)', { only: filter.onlyTimekeeperIds });
    if (filter.exceptTimekeeperIds?.length)
      query.andWhere('entry.timekeeper_id NOT IN (:...except)', { except: filter.exceptTimekeeperIds });
    if (filter.exceptCreatedBy)
      query.andWhere('entry.created_by <> :creator', { creator: filter.exceptCreatedBy });
    const rows = await query.getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  list(
    manager: EntityManager,
    limit: number,
    filters: { matterId?: string; matterIds?: string[]; status?: TimeEntryStatus; timekeeperId?: string },
    after?: CursorPosition,
  ): Promise<TimeEntry[]> {
    const query = manager
      .getRepository(TimeEntry)
      .createQueryBuilder('entry')
      .orderBy(`date_trunc('milliseconds', entry.created_at)`, 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .limit(limit + 1);
    if (filters.matterId) query.andWhere('entry.matter_id = :matterId', { matterId: filters.matterId });
    if (filters.matterIds)
      query.andWhere('entry.matter_id = ANY(:matterIds::uuid[])', { matterIds: filters.matterIds });
    if (filters.status) query.andWhere('entry.status = :status', { status: filters.status });
    if (filters.timekeeperId)
      query.andWhere('entry.timekeeper_id = :timekeeperId', { timekeeperId: filters.timekeeperId });
    if (after)
      query.andWhere(
        `(date_trunc('milliseconds', entry.created_at), entry.id) < (:sortKey::timestamptz, :id::uuid)`,
        after,
      );
    return query.getMany();
  }
}
