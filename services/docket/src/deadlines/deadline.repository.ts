import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { Deadline } from './deadline.entity';
import { Trigger } from './trigger.entity';

@Injectable()
export class DeadlineRepository {
  async insertTrigger(manager: EntityManager, trigger: Trigger): Promise<Trigger> {
    await manager.getRepository(Trigger).insert(trigger);
    return trigger;
  }

  saveTrigger(manager: EntityManager, trigger: Trigger): Promise<Trigger> {
    return manager.getRepository(Trigger).save(trigger);
  }

  async deleteTrigger(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(Trigger).delete({ id });
  }

  findTrigger(manager: EntityManager, id: string): Promise<Trigger | null> {
    return manager.getRepository(Trigger).findOne({ where: { id } });
  }

  /** The trigger, locked until the transaction ends: changes of one trigger run one after another. */
  lockTrigger(manager: EntityManager, id: string): Promise<Trigger | null> {
    return manager
      .getRepository(Trigger)
      .createQueryBuilder('trigger')
      .where('trigger.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  triggersOfMatter(
    manager: EntityManager,
    matterId: string,
    limit: number,
    after?: CursorPosition,
  ): Promise<Trigger[]> {
    const query = manager
      .getRepository(Trigger)
      .createQueryBuilder('trigger')
      .where('trigger.matter_id = :matterId', { matterId })
      .orderBy('trigger.trigger_date', 'ASC')
      .addOrderBy('trigger.id', 'ASC')
      .limit(limit + 1);
    if (after) query.andWhere('(trigger.trigger_date, trigger.id) > (:sortKey::date, :id::uuid)', after);
    return query.getMany();
  }

  /**
   * The triggers whose counting spans `day`: it lies between the trigger date and one of the
   * trigger's computed deadlines (either way round, for periods counted backward).
   */
  triggersSpanning(manager: EntityManager, day: string): Promise<Trigger[]> {
    return manager
      .getRepository(Trigger)
      .createQueryBuilder('trigger')
      .where(
        (query) =>
          `EXISTS ${query
            .subQuery()
            .select('1')
            .from(Deadline, 'deadline')
            .where('deadline.trigger_id = trigger.id')
            .andWhere(
              ':day::date BETWEEN least(trigger.trigger_date, deadline.computed_date) AND greatest(trigger.trigger_date, deadline.computed_date)',
            )
            .getQuery()}`,
        { day },
      )
      .orderBy('trigger.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  deadlinesOfTrigger(manager: EntityManager, triggerId: string): Promise<Deadline[]> {
    return manager
      .getRepository(Deadline)
      .createQueryBuilder('deadline')
      .where('deadline.trigger_id = :triggerId', { triggerId })
      .orderBy('deadline.due_date', 'ASC')
      .addOrderBy('deadline.rule_code', 'ASC')
      .getMany();
  }

  async insertDeadline(manager: EntityManager, deadline: Deadline): Promise<Deadline> {
    await manager.getRepository(Deadline).insert(deadline);
    return deadline;
  }

  saveDeadline(manager: EntityManager, deadline: Deadline): Promise<Deadline> {
    return manager.getRepository(Deadline).save(deadline);
  }

  async deleteDeadline(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(Deadline).delete({ id });
  }

  findDeadlines(manager: EntityManager, ids: string[]): Promise<Deadline[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(Deadline).findBy({ id: In(ids) });
  }

  findDeadline(manager: EntityManager, id: string): Promise<Deadline | null> {
    return manager.getRepository(Deadline).findOne({ where: { id } });
  }

  lockDeadline(manager: EntityManager, id: string): Promise<Deadline | null> {
    return manager
      .getRepository(Deadline)
      .createQueryBuilder('deadline')
      .where('deadline.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  countOfMatter(manager: EntityManager, matterId: string): Promise<number> {
    return manager.getRepository(Deadline).count({ where: { matterId } });
  }

  /** Soonest first; optionally only those due between `from` and `to` (inclusive). */
  page(
    manager: EntityManager,
    filter: { matterId?: string; from?: string; to?: string },
    limit: number,
    after?: CursorPosition,
  ): Promise<Deadline[]> {
    const query = manager
      .getRepository(Deadline)
      .createQueryBuilder('deadline')
      .orderBy('deadline.due_date', 'ASC')
      .addOrderBy('deadline.id', 'ASC')
      .limit(limit + 1);
    if (filter.matterId) query.andWhere('deadline.matter_id = :matterId', { matterId: filter.matterId });
    if (filter.from) query.andWhere('deadline.due_date >= :from::date', { from: filter.from });
    if (filter.to) query.andWhere('deadline.due_date <= :to::date', { to: filter.to });
    if (after) query.andWhere('(deadline.due_date, deadline.id) > (:sortKey::date, :id::uuid)', after);
    return query.getMany();
  }
}
