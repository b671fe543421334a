import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Task } from './task.entity';

@Injectable()
export class TaskRepository {
  async insert(manager: EntityManager, task: Task): Promise<void> {
    await manager.getRepository(Task).insert(task);
  }

  save(manager: EntityManager, task: Task): Promise<Task> {
    return manager.getRepository(Task).save(task);
  }

  find(manager: EntityManager, id: string): Promise<Task | null> {
    return manager.getRepository(Task).findOne({ where: { id } });
  }

  lock(manager: EntityManager, id: string): Promise<Task | null> {
    return manager
      .getRepository(Task)
      .createQueryBuilder('task')
      .where('task.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** A matter's tasks in the order they were created (ids are UUIDv7). */
  ofMatter(manager: EntityManager, matterId: string, limit: number, afterId?: string): Promise<Task[]> {
    const query = manager
      .getRepository(Task)
      .createQueryBuilder('task')
      .where('task.matter_id = :matterId', { matterId })
      .orderBy('task.id', 'ASC')
      .limit(limit + 1);
    if (afterId) query.andWhere('task.id > :afterId', { afterId });
    return query.getMany();
  }
}
