import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarFeed } from './calendar-feed.entity';

@Injectable()
export class CalendarFeedRepository {
  async insert(manager: EntityManager, feed: CalendarFeed): Promise<void> {
    await manager.getRepository(CalendarFeed).insert(feed);
  }

  save(manager: EntityManager, feed: CalendarFeed): Promise<CalendarFeed> {
    return manager.getRepository(CalendarFeed).save(feed);
  }

  lock(manager: EntityManager, id: string): Promise<CalendarFeed | null> {
    return manager
      .getRepository(CalendarFeed)
      .createQueryBuilder('feed')
      .where('feed.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  ofOwner(manager: EntityManager, ownerSubject: string): Promise<CalendarFeed[]> {
    return manager
      .getRepository(CalendarFeed)
      .createQueryBuilder('feed')
      .where('feed.owner_subject = :ownerSubject', { ownerSubject })
      .orderBy('feed.created_at', 'ASC')
      .addOrderBy('feed.id', 'ASC')
      .limit(200)
      .getMany();
  }

  /** In the feed scope (any firm): the live feed whose secret hashes to `tokenHash`. */
  findLive(manager: EntityManager, tokenHash: string): Promise<CalendarFeed | null> {
    return manager
      .getRepository(CalendarFeed)
      .createQueryBuilder('feed')
      .where('feed.token_hash = :tokenHash', { tokenHash })
      .andWhere('feed.revoked_at IS NULL')
      .getOne();
  }
}
