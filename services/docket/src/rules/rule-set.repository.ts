import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CourtClosure } from './court-closure.entity';
import { HolidayCalendarRecord, RuleSetRecord } from './rule-set.entity';

@Injectable()
export class RuleSetRepository {
  /** The version of `id` in force on `date`: the latest whose effective range holds it. */
  inForce(manager: EntityManager, id: string, date: string): Promise<RuleSetRecord | null> {
    return manager
      .getRepository(RuleSetRecord)
      .createQueryBuilder('rule_set')
      .where('rule_set.id = :id', { id })
      .andWhere('rule_set.effective_from <= :onDay::date', { onDay: date })
      .andWhere('(rule_set.effective_to IS NULL OR rule_set.effective_to > :onDay::date)', { onDay: date })
      .orderBy('rule_set.version', 'DESC')
      .getOne();
  }

  version(manager: EntityManager, id: string, version: number): Promise<RuleSetRecord | null> {
    return manager.getRepository(RuleSetRecord).findOne({ where: { id, version } });
  }

  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.getRepository(RuleSetRecord).exists({ where: { id } });
  }

  all(manager: EntityManager): Promise<RuleSetRecord[]> {
    return manager.getRepository(RuleSetRecord).find({ order: { id: 'ASC', version: 'ASC' } });
  }

  calendar(manager: EntityManager, id: string, version: number): Promise<HolidayCalendarRecord | null> {
    return manager.getRepository(HolidayCalendarRecord).findOne({ where: { id, version } });
  }

  calendarExists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.getRepository(HolidayCalendarRecord).exists({ where: { id } });
  }

  closures(manager: EntityManager, calendarId: string): Promise<CourtClosure[]> {
    return manager.getRepository(CourtClosure).find({ where: { calendarId }, order: { closedOn: 'ASC' } });
  }

  async insertClosure(manager: EntityManager, closure: CourtClosure): Promise<CourtClosure> {
    await manager.getRepository(CourtClosure).insert(closure);
    return closure;
  }

  closuresBetween(manager: EntityManager, from: string, to: string): Promise<CourtClosure[]> {
    return manager
      .getRepository(CourtClosure)
      .createQueryBuilder('closure')
      .where('closure.closed_on BETWEEN :from::date AND :to::date', { from, to })
      .orderBy('closure.closed_on', 'ASC')
      .addOrderBy('closure.calendar_id', 'ASC')
      .getMany();
  }
}
