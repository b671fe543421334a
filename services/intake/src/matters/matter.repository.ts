import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { Matter } from './matter.entity';

@Injectable()
export class MatterRepository {
  /** Next number in the firm's yearly sequence; the counter row lock makes numbers unique and gap-free. */
  async nextNumber(manager: EntityManager, firmId: string, year: number): Promise<string> {
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

  list(manager: EntityManager, limit: number, after?: CursorPosition, clientId?: string): Promise<Matter[]> {
    const query = manager
      .getRepository(Matter)
      .createQueryBuilder('matter')
      .orderBy('matter.created_at', 'DESC')
      .addOrderBy('matter.id', 'DESC')
      .limit(limit + 1);
    if (after) query.andWhere('(matter.created_at, matter.id) < (:sortKey::timestamptz, :id::uuid)', after);
    if (clientId) query.andWhere('matter.client_id = :clientId', { clientId });
    return query.getMany();
  }
}
