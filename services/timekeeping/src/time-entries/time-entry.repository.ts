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
    await manager.query(
      `UPDATE time_entries SET status = 'billed', billed_at = $3, invoice_id = $2, updated_at = now()
        WHERE id = ANY($1) AND status = 'approved'`,
      [ids, invoiceId, billedAt],
    );
  }

  async idsFor(
    manager: EntityManager,
    filter: { matterId?: string; from?: string; to?: string; status: TimeEntryStatus },
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM time_entries
        WHERE status = $1 AND ($2::uuid IS NULL OR matter_id = $2) AND ($3::date IS NULL OR work_date >= $3)
          AND ($4::date IS NULL OR work_date <= $4)
        ORDER BY work_date, created_at, id LIMIT 10000`,
      [filter.status, filter.matterId ?? null, filter.from ?? null, filter.to ?? null],
    );
    return rows.map((row) => row.id);
  }

  list(
    manager: EntityManager,
    limit: number,
    filters: { matterId?: string; status?: TimeEntryStatus; timekeeperId?: string },
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
    if (filters.timekeeperId) query.andWhere('entry.timekeeper_id = :timekeeperId', { timekeeperId: filters.timekeeperId });
    if (after) query.andWhere(`(date_trunc('milliseconds', entry.created_at), entry.id) < (:sortKey::timestamptz, :id::uuid)`, after);
    return query.getMany();
  }
}
