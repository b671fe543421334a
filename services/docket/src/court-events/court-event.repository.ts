import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { CourtEvent, CourtEventChange } from './court-event.entity';

@Injectable()
export class CourtEventRepository {
  async insert(manager: EntityManager, event: CourtEvent): Promise<void> {
    await manager.getRepository(CourtEvent).insert(event);
  }

  save(manager: EntityManager, event: CourtEvent): Promise<CourtEvent> {
    return manager.getRepository(CourtEvent).save(event);
  }

  find(manager: EntityManager, id: string): Promise<CourtEvent | null> {
    return manager.getRepository(CourtEvent).findOne({ where: { id } });
  }

  /** The event, locked until the transaction ends: changes of one event run one after another. */
  lock(manager: EntityManager, id: string): Promise<CourtEvent | null> {
    return manager
      .getRepository(CourtEvent)
      .createQueryBuilder('event')
      .where('event.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async addChange(manager: EntityManager, change: CourtEventChange): Promise<void> {
    await manager.getRepository(CourtEventChange).insert(change);
  }

  history(manager: EntityManager, courtEventId: string): Promise<CourtEventChange[]> {
    return manager
      .getRepository(CourtEventChange)
      .createQueryBuilder('change')
      .where('change.court_event_id = :courtEventId', { courtEventId })
      .orderBy('change.changed_at', 'ASC')
      .addOrderBy('change.id', 'ASC')
      .getMany();
  }

  /** Earliest first; of one matter, or starting between two instants. */
  page(
    manager: EntityManager,
    filter: { matterId?: string; from?: Date; to?: Date },
    limit: number,
    after?: CursorPosition,
  ): Promise<CourtEvent[]> {
    const query = manager
      .getRepository(CourtEvent)
      .createQueryBuilder('event')
      .orderBy('event.starts_at', 'ASC')
      .addOrderBy('event.id', 'ASC')
      .limit(limit + 1);
    if (filter.matterId) query.andWhere('event.matter_id = :matterId', { matterId: filter.matterId });
    if (filter.from) query.andWhere('event.starts_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('event.starts_at < :to', { to: filter.to });
    if (after) query.andWhere('(event.starts_at, event.id) > (:sortKey::timestamptz, :id::uuid)', after);
    return query.getMany();
  }
}
