import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { CustodyEvent } from './custody-event.entity';

@Injectable()
export class CustodyRepository {
  async insert(manager: EntityManager, event: CustodyEvent): Promise<void> {
    await manager.insert(CustodyEvent, event);
  }

  async hasAny(manager: EntityManager, documentId: string): Promise<boolean> {
    return manager.getRepository(CustodyEvent).exists({ where: { documentId } });
  }

  /** A document's chain, oldest first (the order it happened in). */
  list(
    manager: EntityManager,
    documentId: string,
    limit: number,
    after?: CursorPosition,
  ): Promise<CustodyEvent[]> {
    const query = manager
      .getRepository(CustodyEvent)
      .createQueryBuilder('event')
      .where('event.document_id = :documentId', { documentId })
      .orderBy('event.occurred_at', 'ASC')
      .addOrderBy('event.id', 'ASC')
      .limit(limit + 1);
    if (after)
      query.andWhere(
        "(date_trunc('milliseconds', event.occurred_at), event.id) > (:sortKey::timestamptz, :id::uuid)",
        after,
      );
    return query.getMany();
  }
}
