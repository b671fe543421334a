import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { Client } from './client.entity';

@Injectable()
export class ClientRepository {
  insert(manager: EntityManager, client: Omit<Client, 'createdAt'>): Promise<Client> {
    return manager.getRepository(Client).save(manager.getRepository(Client).create(client));
  }

  findById(manager: EntityManager, id: string): Promise<Client | null> {
    return manager.getRepository(Client).findOne({ where: { id } });
  }

  /** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
  list(manager: EntityManager, limit: number, after?: CursorPosition): Promise<Client[]> {
    const query = manager
      .getRepository(Client)
      .createQueryBuilder('client')
      .orderBy(`date_trunc('milliseconds', client.created_at)`, 'DESC')
      .addOrderBy('client.id', 'DESC')
      .limit(limit + 1);
    if (after)
      query.where(
        `(date_trunc('milliseconds', client.created_at), client.id) < (:sortKey::timestamptz, :id::uuid)`,
        after,
      );
    return query.getMany();
  }
}
