import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvoiceReminder, ReminderSchedule } from './reminder.entity';

@Injectable()
export class ReminderRepository {
  schedule(manager: EntityManager): Promise<ReminderSchedule | null> {
    return manager.getRepository(ReminderSchedule).findOne({ where: {} });
  }

  async saveSchedule(manager: EntityManager, schedule: ReminderSchedule): Promise<void> {
    await manager.upsert(ReminderSchedule, schedule, ['firmId']);
  }

  /** Serialises the sweeps of one firm: a second sweep waits, then finds the steps the first sent. */
  async lockFirmSweep(manager: EntityManager, firmId: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `billing-reminders|${firmId}`,
    ]);
  }

  /** Steps already sent per invoice. */
  async sentOffsets(manager: EntityManager, invoiceIds: readonly string[]): Promise<Map<string, number[]>> {
    if (!invoiceIds.length) return new Map();
    const rows = await manager
      .getRepository(InvoiceReminder)
      .createQueryBuilder('reminder')
      .select(['reminder.invoiceId', 'reminder.offsetDays'])
      .where('reminder.invoice_id IN (:...invoiceIds)', { invoiceIds: [...invoiceIds] })
      .getMany();
    const sent = new Map<string, number[]>();
    for (const row of rows) sent.set(row.invoiceId, [...(sent.get(row.invoiceId) ?? []), row.offsetDays]);
    return sent;
  }

  /** Records a step as sent; false when it already was (the key holds it to once, whatever races). */
  async insertOnce(manager: EntityManager, reminder: InvoiceReminder): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(InvoiceReminder)
      .values(reminder)
      .orIgnore()
      .returning(['invoiceId'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  sentFor(manager: EntityManager, invoiceId: string): Promise<InvoiceReminder[]> {
    return manager
      .getRepository(InvoiceReminder)
      .createQueryBuilder('reminder')
      .where('reminder.invoice_id = :invoiceId', { invoiceId })
      .orderBy('reminder.offset_days')
      .getMany();
  }

  /** In the sweep's cross-firm read scope: the firms that have a reminder schedule. */
  async firmsWithSchedules(manager: EntityManager): Promise<string[]> {
    const rows = await manager.getRepository(ReminderSchedule).find({ select: { firmId: true } });
    return rows.map((row) => row.firmId);
  }
}
