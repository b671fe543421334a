import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { FirmClassification } from './classification.entity';

export { CLASSIFICATIONS_PKEY, FirmClassification } from './classification.entity';

/** Every statement runs in the caller's withTenant transaction: row-level security keeps it to one firm. */
@Injectable()
export class ClassificationRepository {
  async insert(
    manager: EntityManager,
    row: Pick<FirmClassification, 'firmId' | 'code' | 'label' | 'description' | 'ledesCode' | 'createdBy'>,
  ): Promise<FirmClassification> {
    const repository = manager.getRepository(FirmClassification);
    await repository.insert(repository.create(row));
    return repository.findOneOrFail({ where: { code: row.code } });
  }

  /** Inserts the codes the firm does not have yet; returns the codes inserted. */
  async insertMissing(
    manager: EntityManager,
    firmId: string,
    createdBy: string,
    rows: Array<Pick<FirmClassification, 'code' | 'label' | 'description' | 'ledesCode'>>,
  ): Promise<Set<string>> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(FirmClassification)
      .values(rows.map((row) => ({ ...row, firmId, createdBy })))
      .orIgnore()
      .returning(['code'])
      .execute();
    return new Set((inserted.raw as Array<{ code: string }>).map((row) => row.code));
  }

  /** The firm's rows for these codes, locked until the transaction ends. */
  findManyForUpdate(manager: EntityManager, codes: string[]): Promise<FirmClassification[]> {
    return manager.getRepository(FirmClassification).find({
      where: { code: In(codes) },
      order: { code: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  find(manager: EntityManager, code: string, lock = false): Promise<FirmClassification | null> {
    return manager
      .getRepository(FirmClassification)
      .findOne({ where: { code }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  list(manager: EntityManager, active?: boolean): Promise<FirmClassification[]> {
    return manager.getRepository(FirmClassification).find({
      where: active === undefined ? {} : { active },
      order: { code: 'ASC' },
    });
  }

  async update(manager: EntityManager, row: FirmClassification): Promise<FirmClassification> {
    const repository = manager.getRepository(FirmClassification);
    await repository.update(
      { code: row.code },
      { label: row.label, description: row.description, active: row.active, updatedAt: () => 'now()' },
    );
    return repository.findOneOrFail({ where: { code: row.code } });
  }
}
