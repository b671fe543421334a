import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { GuidelineVersion } from './guideline.entity';

export { GuidelineVersion } from './guideline.entity';

/**
 * `billing_guidelines` (and the reads of `matter_projection` and `time_entries` the rules need).
 * Every call runs inside the caller's withTenant transaction, so row-level security limits it to
 * that firm's rows.
 */
@Injectable()
export class GuidelineRepository {
  /** Whether the firm has any matter of this client: timekeeping knows clients only through matters. */
  clientKnown(manager: EntityManager, clientId: string): Promise<boolean> {
    return manager.getRepository(ProjectedMatter).exists({ where: { clientId } });
  }

  /**
   * Serialises new versions of one client's guideline until the transaction ends, so two concurrent
   * changes become versions n+1 and n+2 instead of one failing on the unique (firm, client, version).
   */
  async lockClient(manager: EntityManager, firmId: string, clientId: string): Promise<void> {
    // Raw: an advisory lock is a SQL function of its own, not a query over an entity.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `billing_guidelines:${firmId}:${clientId}`,
    ]);
  }

  latest(manager: EntityManager, clientId: string): Promise<GuidelineVersion | null> {
    return manager
      .getRepository(GuidelineVersion)
      .findOne({ where: { clientId }, order: { version: 'DESC' } });
  }

  /** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
  versions(
    manager: EntityManager,
    clientId: string,
    limit: number,
    beforeVersion?: number,
  ): Promise<GuidelineVersion[]> {
    const query = manager
      .getRepository(GuidelineVersion)
      .createQueryBuilder('guideline')
      .where('guideline.client_id = :clientId', { clientId })
      .orderBy('guideline.version', 'DESC')
      .limit(limit + 1);
    if (beforeVersion !== undefined) query.andWhere('guideline.version < :beforeVersion', { beforeVersion });
    return query.getMany();
  }

  async insert(
    manager: EntityManager,
    guideline: Omit<GuidelineVersion, 'createdAt'>,
  ): Promise<GuidelineVersion> {
    const repository = manager.getRepository(GuidelineVersion);
    await repository.insert(repository.create(guideline));
    return repository.findOneOrFail({ where: { id: guideline.id } });
  }

  /**
   * Raw minutes the timekeeper has on `workDate` on any matter of the client, for the daily cap.
   * Voided and rejected entries do not count, nor do reversals (their originals are voided already),
   * nor the entry being re-evaluated.
   */
  async minutesSameDay(
    manager: EntityManager,
    query: { clientId: string; timekeeperId: string; workDate: string; excludeEntryId?: string },
  ): Promise<number> {
    // By table name: the rules read time entries, but guidelines must not depend on that feature.
    const sum = manager
      .createQueryBuilder()
      .from('time_entries', 'entry')
      .select('COALESCE(SUM(entry.minutes), 0)::int', 'minutes')
      .innerJoin(
        ProjectedMatter,
        'matter',
        'matter.firm_id = entry.firm_id AND matter.matter_id = entry.matter_id',
      )
      .where('matter.client_id = :clientId', { clientId: query.clientId })
      .andWhere('entry.timekeeper_id = :timekeeperId', { timekeeperId: query.timekeeperId })
      .andWhere('entry.work_date = :workDate::date', { workDate: query.workDate })
      .andWhere(`entry.status NOT IN ('voided', 'rejected')`)
      .andWhere('entry.reverses_entry_id IS NULL');
    if (query.excludeEntryId)
      sum.andWhere('entry.id <> :excludeEntryId::uuid', { excludeEntryId: query.excludeEntryId });
    const row = await sum.getRawOne<{ minutes: number }>();
    return row?.minutes ?? 0;
  }
}
