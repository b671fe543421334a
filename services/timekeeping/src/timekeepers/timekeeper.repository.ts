import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TimekeeperClassification } from '@lawfirm/contracts';
import type { CursorPosition } from '@lawfirm/platform';
import { Timekeeper } from './timekeeper.entity';

export { Timekeeper, TIMEKEEPERS_USER_UNIQUE } from './timekeeper.entity';

/** Every statement runs in the caller's withTenant transaction: row-level security keeps it to one firm. */
@Injectable()
export class TimekeeperRepository {
  async insert(
    manager: EntityManager,
    keeper: Omit<Timekeeper, 'createdAt' | 'updatedAt'>,
  ): Promise<Timekeeper> {
    const repository = manager.getRepository(Timekeeper);
    await repository.insert(repository.create(keeper));
    return withLedesCode(await repository.findOneOrFail({ where: { id: keeper.id } }));
  }

  async findById(manager: EntityManager, id: string): Promise<Timekeeper | null> {
    return withLedesCode(await manager.getRepository(Timekeeper).findOne({ where: { id } }));
  }

  /** Locks the row so concurrent edits apply one after the other. */
  async findForUpdate(manager: EntityManager, id: string): Promise<Timekeeper | null> {
    return withLedesCode(
      await manager.getRepository(Timekeeper).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }),
    );
  }

  async findByUser(manager: EntityManager, userId: string): Promise<Timekeeper | null> {
    return withLedesCode(await manager.getRepository(Timekeeper).findOne({ where: { userId } }));
  }

  /** By name, then id; `limit + 1` rows so the caller can tell whether there is another page. */
  async list(
    manager: EntityManager,
    limit: number,
    filters: { active?: boolean },
    after?: CursorPosition,
  ): Promise<Timekeeper[]> {
    const query = manager
      .getRepository(Timekeeper)
      .createQueryBuilder('keeper')
      .orderBy('keeper.name')
      .addOrderBy('keeper.id')
      .limit(limit + 1);
    if (filters.active !== undefined) query.andWhere('keeper.active = :active', { active: filters.active });
    if (after) query.andWhere('(keeper.name, keeper.id) > (:sortKey::text, :id::uuid)', after);
    return (await query.getMany()).map(withLedesCode);
  }

  async update(manager: EntityManager, keeper: Timekeeper): Promise<Timekeeper> {
    const repository = manager.getRepository(Timekeeper);
    await repository.update(
      { id: keeper.id },
      {
        name: keeper.name,
        classification: keeper.classification,
        ledesClassification: keeper.ledesClassification,
        active: keeper.active,
        updatedAt: () => 'now()',
      },
    );
    return withLedesCode(await repository.findOneOrFail({ where: { id: keeper.id } }));
  }
}

/** Profiles from before firm classifications have no LEDES code stored: their classification is one. */
function withLedesCode<T extends Timekeeper | null>(keeper: T): T {
  if (keeper && keeper.ledesClassification === null)
    keeper.ledesClassification = keeper.classification as TimekeeperClassification;
  return keeper;
}
