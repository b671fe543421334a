import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { WipEntry } from './wip-entry.entity';

@Injectable()
export class WipRepository {
  /** Idempotent by time entry: a second approval event for the same entry changes nothing. */
  async insertIfAbsent(manager: EntityManager, entry: WipEntry): Promise<void> {
    await manager.createQueryBuilder().insert().into(WipEntry).values(entry).orIgnore().execute();
  }

  /** Removes a reversed entry that has not been billed yet. */
  async remove(manager: EntityManager, timeEntryId: string): Promise<void> {
    await manager.delete(WipEntry, { timeEntryId });
  }

  async totals(
    manager: EntityManager,
    matterId: string,
  ): Promise<{ entryCount: number; totalMinutes: number; totalBilledTenths: number }> {
    const row = await manager
      .getRepository(WipEntry)
      .createQueryBuilder('wip')
      .select('count(*)', 'entryCount')
      .addSelect('coalesce(sum(wip.minutes), 0)', 'totalMinutes')
      .addSelect('coalesce(sum(wip.billed_tenths), 0)', 'totalBilledTenths')
      .where('wip.matter_id = :matterId', { matterId })
      .getRawOne<{ entryCount: string; totalMinutes: string; totalBilledTenths: string }>();
    return {
      entryCount: Number(row?.entryCount ?? 0),
      totalMinutes: Number(row?.totalMinutes ?? 0),
      totalBilledTenths: Number(row?.totalBilledTenths ?? 0),
    };
  }

  /** Oldest work first, as a bill reads. */
  page(manager: EntityManager, matterId: string, limit: number, after?: CursorPosition): Promise<WipEntry[]> {
    const query = manager
      .getRepository(WipEntry)
      .createQueryBuilder('wip')
      .where('wip.matter_id = :matterId', { matterId })
      .orderBy('wip.work_date', 'ASC')
      .addOrderBy('wip.time_entry_id', 'ASC')
      .limit(limit + 1);
    if (after) query.andWhere('(wip.work_date, wip.time_entry_id) > (:sortKey::date, :id::uuid)', after);
    return query.getMany();
  }
}
