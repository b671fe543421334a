import { Injectable } from '@nestjs/common';
import { Brackets, type EntityManager } from 'typeorm';
import { Reminder, ReminderRule, type ReminderItemKind } from './reminder.entity';

@Injectable()
export class ReminderRepository {
  findRule(manager: EntityManager, itemKind: ReminderItemKind): Promise<ReminderRule | null> {
    return manager.getRepository(ReminderRule).findOne({ where: { itemKind } });
  }

  rules(manager: EntityManager): Promise<ReminderRule[]> {
    return manager.getRepository(ReminderRule).find({ order: { itemKind: 'ASC' } });
  }

  async upsertRule(manager: EntityManager, rule: ReminderRule): Promise<void> {
    await manager.getRepository(ReminderRule).upsert(rule, ['firmId', 'itemKind']);
  }

  /** Inserts the steps not planned yet; a step already there (same item, lead time and date) stays as it is. */
  async insertSteps(manager: EntityManager, reminders: Reminder[]): Promise<void> {
    if (reminders.length === 0) return;
    await manager.createQueryBuilder().insert().into(Reminder).values(reminders).orIgnore().execute();
  }

  /** Cancels an item's pending steps that are not for `itemAt` with one of `leadMinutes` (all of them when itemAt is null). */
  async cancelPendingExcept(
    manager: EntityManager,
    itemId: string,
    keep: { itemAt: Date; leadMinutes: number[] } | null,
  ): Promise<void> {
    const query = manager
      .createQueryBuilder()
      .update(Reminder)
      .set({ status: 'cancelled' })
      .where('item_id = :itemId', { itemId })
      .andWhere("status = 'pending'");
    if (keep)
      query.andWhere(
        new Brackets((where) =>
          where
            .where('item_at <> :itemAt', { itemAt: keep.itemAt })
            .orWhere('NOT (lead_minutes = ANY(:leads::integer[]))', { leads: keep.leadMinutes }),
        ),
      );
    await query.execute();
  }

  ofItem(manager: EntityManager, itemId: string): Promise<Reminder[]> {
    return manager
      .getRepository(Reminder)
      .createQueryBuilder('reminder')
      .where('reminder.item_id = :itemId', { itemId })
      .orderBy('reminder.due_at', 'ASC')
      .addOrderBy('reminder.id', 'ASC')
      .getMany();
  }

  /**
   * The firm's pending reminders due by `asOf`, locked; rows another sweeper holds are skipped
   * (FOR UPDATE SKIP LOCKED), so two sweepers never send the same step.
   */
  lockDue(manager: EntityManager, asOf: Date, limit: number): Promise<Reminder[]> {
    return manager
      .getRepository(Reminder)
      .createQueryBuilder('reminder')
      .where("reminder.status = 'pending'")
      .andWhere('reminder.due_at <= :asOf', { asOf })
      .orderBy('reminder.due_at', 'ASC')
      .addOrderBy('reminder.id', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markSent(manager: EntityManager, ids: string[], sentAt: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Reminder)
      .set({ status: 'sent', sentAt })
      .where('id IN (:...ids)', { ids })
      .execute();
  }

  /** In the sweep's cross-firm read scope: the firms with a reminder due by `asOf`. */
  async firmsWithDue(manager: EntityManager, asOf: Date): Promise<string[]> {
    const rows = await manager
      .getRepository(Reminder)
      .createQueryBuilder('reminder')
      .select('DISTINCT reminder.firm_id', 'firmId')
      .where("reminder.status = 'pending'")
      .andWhere('reminder.due_at <= :asOf', { asOf })
      .getRawMany<{ firmId: string }>();
    return rows.map((row) => row.firmId);
  }
}
