import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import type { FeeArrangementDto } from './dto/fee-arrangement.dto';
import { FeeArrangement } from './fee-arrangement.entity';
import { Matter } from './matter.entity';

@Injectable()
export class MatterRepository {
  /** Next number in the firm's yearly sequence; the counter row lock makes numbers unique and gap-free. */
  async nextNumber(manager: EntityManager, firmId: string, year: number): Promise<string> {
    // Raw SQL: an upsert that increments the stored value and returns it; TypeORM's orUpdate can only copy EXCLUDED values.
    const rows: Array<{ last_value: number }> = await manager.query(
      `INSERT INTO matter_number_counters (firm_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (firm_id, year) DO UPDATE SET last_value = matter_number_counters.last_value + 1
       RETURNING last_value`,
      [firmId, year],
    );
    const value = rows[0]?.last_value ?? 1;
    return `${year}-${String(value).padStart(4, '0')}`;
  }

  insert(manager: EntityManager, matter: Omit<Matter, 'createdAt'>): Promise<Matter> {
    const repository = manager.getRepository(Matter);
    return repository.save(repository.create(matter));
  }

  findById(manager: EntityManager, id: string): Promise<Matter | null> {
    return manager.getRepository(Matter).findOne({ where: { id } });
  }

  findForUpdate(manager: EntityManager, id: string): Promise<Matter | null> {
    return manager.getRepository(Matter).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, matter: Matter): Promise<Matter> {
    return manager.getRepository(Matter).save(matter);
  }

  async saveFeeArrangement(
    manager: EntityManager,
    firmId: string,
    matterId: string,
    fee: FeeArrangementDto,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(FeeArrangement)
      .values({ firmId, matterId, type: fee.type, terms: fee, updatedAt: () => 'now()' })
      .orUpdate(['type', 'terms', 'updated_at'], ['firm_id', 'matter_id'])
      .updateEntity(false)
      .execute();
  }

  async findFeeArrangement(manager: EntityManager, matterId: string): Promise<FeeArrangementDto | null> {
    return (await manager.findOne(FeeArrangement, { where: { matterId } }))?.terms ?? null;
  }

  list(manager: EntityManager, limit: number, after?: CursorPosition, clientId?: string): Promise<Matter[]> {
    const query = manager
      .getRepository(Matter)
      .createQueryBuilder('matter')
      .orderBy(`date_trunc('milliseconds', matter.created_at)`, 'DESC')
      .addOrderBy('matter.id', 'DESC')
      .limit(limit + 1);
    if (after)
      query.andWhere(
        `(date_trunc('milliseconds', matter.created_at), matter.id) < (:sortKey::timestamptz, :id::uuid)`,
        after,
      );
    if (clientId) query.andWhere('matter.client_id = :clientId', { clientId });
    return query.getMany();
  }
}
