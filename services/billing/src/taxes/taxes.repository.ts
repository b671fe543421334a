import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { TaxRate, TaxSetting, type TaxSettingScope } from './tax.entity';

@Injectable()
export class TaxesRepository {
  async lockKey(manager: EntityManager, key: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }

  findVersion(manager: EntityManager, code: string, effectiveFrom: string): Promise<TaxRate | null> {
    return manager.getRepository(TaxRate).findOne({ where: { code, effectiveFrom } });
  }

  async insertRate(manager: EntityManager, rate: TaxRate): Promise<void> {
    await manager.insert(TaxRate, rate);
  }

  list(manager: EntityManager, filters: { code?: string; activeOn?: string }): Promise<TaxRate[]> {
    const query = manager
      .getRepository(TaxRate)
      .createQueryBuilder('rate')
      .orderBy('rate.code', 'ASC')
      .addOrderBy('rate.effectiveFrom', 'DESC')
      .take(1000);
    if (filters.code) query.andWhere('rate.code = :code', { code: filters.code });
    if (filters.activeOn)
      query
        .andWhere('rate.effectiveFrom <= :day', { day: filters.activeOn })
        .andWhere('(rate.effectiveTo IS NULL OR rate.effectiveTo >= :day)', { day: filters.activeOn });
    return query.getMany();
  }

  byIds(manager: EntityManager, ids: readonly string[]): Promise<TaxRate[]> {
    return manager
      .getRepository(TaxRate)
      .createQueryBuilder('rate')
      .where('rate.id IN (:...ids)', { ids })
      .getMany();
  }

  versionsOf(manager: EntityManager, codes: readonly string[]): Promise<TaxRate[]> {
    if (!codes.length) return Promise.resolve([]);
    return manager
      .getRepository(TaxRate)
      .createQueryBuilder('rate')
      .where('rate.code IN (:...codes)', { codes })
      .getMany();
  }

  setting(manager: EntityManager, scope: TaxSettingScope, subjectId: string): Promise<TaxSetting | null> {
    return manager.getRepository(TaxSetting).findOne({ where: { scope, subjectId } });
  }

  settings(
    manager: EntityManager,
    scope: TaxSettingScope,
    subjectIds: readonly string[],
  ): Promise<TaxSetting[]> {
    if (!subjectIds.length) return Promise.resolve([]);
    return manager
      .getRepository(TaxSetting)
      .createQueryBuilder('setting')
      .where('setting.scope = :scope', { scope })
      .andWhere('setting.subjectId IN (:...subjectIds)', { subjectIds })
      .getMany();
  }

  async saveSetting(manager: EntityManager, setting: TaxSetting): Promise<void> {
    await manager.save(TaxSetting, setting);
  }

  /** Whether billing has seen a matter of this client (its matter projection). */
  async clientHasMatter(manager: EntityManager, clientId: string): Promise<boolean> {
    return manager.getRepository(ProjectedMatter).exists({ where: { clientId } });
  }
}
