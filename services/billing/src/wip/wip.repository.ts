import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { WipEntry } from './wip-entry.entity';

@Injectable()
export class WipRepository {
  /** Idempotent by time entry: a second approval event for the same entry changes nothing. */
  async insertIfAbsent(manager: EntityManager, entry: WipEntry): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(WipEntry)
      .values(entry)
      .orIgnore()
      .execute();
  }

  /** Removes a reversed entry that has not been billed yet. */
  async remove(manager: EntityManager, timeEntryId: string): Promise<void> {
    await manager.query(`DELETE FROM wip_entries WHERE time_entry_id = $1`, [timeEntryId]);
  }

  async totals(manager: EntityManager, matterId: string): Promise<{ entryCount: number; totalMinutes: number; totalBilledTenths: number }> {
    const rows: Array<{ entry_count: string; total_minutes: string; total_tenths: string }> = await manager.query(
      `SELECT count(*) AS entry_count, coalesce(sum(minutes), 0) AS total_minutes, coalesce(sum(billed_tenths), 0) AS total_tenths
         FROM wip_entries WHERE matter_id = $1`,
      [matterId],
    );
    const row = rows[0];
    return {
      entryCount: Number(row?.entry_count ?? 0),
      totalMinutes: Number(row?.total_minutes ?? 0),
      totalBilledTenths: Number(row?.total_tenths ?? 0),
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
