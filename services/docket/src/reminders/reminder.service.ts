import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { ReminderDueV1, uuidv7 } from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import type { Logger } from '@lawfirm/observability';
import { LOGGER } from '@lawfirm/platform';
import { REMINDER_SWEEP_SCOPE, type Reminder, type ReminderItemKind } from './reminder.entity';
import { ReminderRepository } from './reminder.repository';
import { DEFAULT_LEAD_MINUTES, planSteps, wallClockToInstant } from './reminder.rules';
import type { ReminderRuleView, ReminderView, SetReminderRuleDto, SweepResultView } from './dto/reminder.dto';

/** What the reminder planner needs of a deadline or court event. */
export interface RemindedItem {
  firmId: string;
  itemKind: ReminderItemKind;
  itemId: string;
  matterId: string;
  title: string;
}

/** Reminders sent per firm per sweep transaction; the rest wait for the next round. */
const SWEEP_BATCH = 500;

/**
 * The firm's reminder rules and the reminder steps planned from them. Deadlines and court
 * events call `planDeadline` / `planAt` / `cancel` inside their own transactions whenever an item
 * is created, moved or ended; the sweep sends each due step once (`docket.reminder.due`).
 */
@Injectable()
export class ReminderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reminders: ReminderRepository,
  ) {}

  async rules(actor: Actor): Promise<ReminderRuleView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const stored = new Map((await this.reminders.rules(manager)).map((rule) => [rule.itemKind, rule]));
      return (['deadline', 'court-event'] as const).map((itemKind) => {
        const rule = stored.get(itemKind);
        return {
          itemKind,
          leadMinutes: rule ? rule.leadMinutes : [...DEFAULT_LEAD_MINUTES[itemKind]],
          timeZone: rule?.timeZone ?? 'UTC',
          isDefault: !rule,
        };
      });
    });
  }

  /** Sets the firm's lead times for one kind of item; items planned from now on follow them. */
  async setRule(
    actor: Actor,
    itemKind: ReminderItemKind,
    input: SetReminderRuleDto,
  ): Promise<ReminderRuleView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const leadMinutes = [...new Set(input.leadMinutes)].sort((a, b) => b - a);
      const timeZone = input.timeZone ?? 'UTC';
      await this.reminders.upsertRule(manager, {
        firmId: actor.firmId,
        itemKind,
        leadMinutes,
        timeZone,
        updatedBy: actor.subject,
        updatedAt: new Date(),
      });
      await recordChange(manager, actor, {
        action: 'reminder-rule.set',
        resourceType: 'reminder_rule',
        resourceId: itemKind,
        details: { itemKind, leadMinutes, timeZone },
      });
      return { itemKind, leadMinutes, timeZone, isDefault: false };
    });
  }

  /** Plans (or re-plans) an item happening at `itemAt`: steps for another date are cancelled, new ones added. */
  async planAt(manager: EntityManager, item: RemindedItem, itemAt: Date, now = new Date()): Promise<void> {
    const rule = await this.reminders.findRule(manager, item.itemKind);
    const leadMinutes = rule ? rule.leadMinutes : [...DEFAULT_LEAD_MINUTES[item.itemKind]];
    await this.reminders.cancelPendingExcept(manager, item.itemId, { itemAt, leadMinutes });
    await this.reminders.insertSteps(
      manager,
      planSteps(itemAt, leadMinutes, now).map((step) => ({
        firmId: item.firmId,
        id: uuidv7(),
        itemKind: item.itemKind,
        itemId: item.itemId,
        matterId: item.matterId,
        title: item.title,
        leadMinutes: step.leadMinutes,
        itemAt,
        dueAt: step.dueAt,
        status: 'pending',
        sentAt: null,
        createdAt: now,
      })),
    );
  }

  /** Plans a deadline due on `dueDate` (at `dueTime`, else the start of that day) in the firm's deadline zone. */
  async planDeadline(
    manager: EntityManager,
    item: Omit<RemindedItem, 'itemKind'>,
    dueDate: string,
    dueTime: string | null,
  ): Promise<void> {
    const rule = await this.reminders.findRule(manager, 'deadline');
    const itemAt = wallClockToInstant(dueDate, rule?.timeZone ?? 'UTC', dueTime ?? '00:00');
    await this.planAt(manager, { ...item, itemKind: 'deadline' }, itemAt);
  }

  /** Cancels every pending step of an item (done, vacated, removed). */
  async cancel(manager: EntityManager, itemId: string): Promise<void> {
    await this.reminders.cancelPendingExcept(manager, itemId, null);
  }

  async ofItem(actor: Actor, itemId: string): Promise<ReminderView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) =>
      (await this.reminders.ofItem(manager, itemId)).map(toReminderView),
    );
  }

  /** Sends the firm's reminders due by `asOf` (ops and tests name the time; the background sweep uses now). */
  async sweepFirm(caller: ChangeCaller, asOf: Date): Promise<SweepResultView> {
    const sent: ReminderView[] = [];
    for (;;) {
      const batch = await withTenant(this.dataSource, caller.firmId, async (manager) => {
        const due = await this.reminders.lockDue(manager, asOf, SWEEP_BATCH);
        if (due.length === 0) return due;
        const now = new Date();
        await this.reminders.markSent(
          manager,
          due.map((reminder) => reminder.id),
          now,
        );
        for (const reminder of due) {
          Object.assign(reminder, { status: 'sent', sentAt: now });
          await recordChange(manager, caller, {
            action: 'reminder.sent',
            resourceType: 'reminder',
            resourceId: reminder.id,
            details: {
              itemKind: reminder.itemKind,
              itemId: reminder.itemId,
              leadMinutes: reminder.leadMinutes,
              dueAt: reminder.dueAt.toISOString(),
            },
            events: [
              {
                type: ReminderDueV1.type,
                aggregateId: reminder.itemId,
                data: {
                  reminderId: reminder.id,
                  itemKind: reminder.itemKind,
                  itemId: reminder.itemId,
                  matterId: reminder.matterId,
                  title: reminder.title,
                  leadMinutes: reminder.leadMinutes,
                  itemAt: reminder.itemAt.toISOString(),
                  dueAt: reminder.dueAt.toISOString(),
                },
              },
            ],
          });
        }
        return due;
      });
      sent.push(...batch.map(toReminderView));
      if (batch.length < SWEEP_BATCH) return { asOf: asOf.toISOString(), sent };
    }
  }

  /** Every firm's reminders due by `asOf`: the background sweep (safe with several instances). */
  async sweepAll(asOf: Date): Promise<number> {
    const firms = await withScope(this.dataSource, REMINDER_SWEEP_SCOPE, (manager) =>
      this.reminders.firmsWithDue(manager, asOf),
    );
    let sent = 0;
    for (const firmId of firms) {
      const result = await this.sweepFirm(
        { firmId, actorType: 'service', subject: 'docket-reminder-sweep', correlationId: uuidv7() },
        asOf,
      );
      sent += result.sent.length;
    }
    return sent;
  }
}

/** Runs the background sweep every `intervalMs` in this process; a failed round is logged and retried next time. */
@Injectable()
export class ReminderSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly service: ReminderService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.service
        .sweepAll(new Date())
        .then((sent) => {
          if (sent > 0) this.logger.info({ sent }, 'reminders sent');
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'reminder sweep failed'))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

export function toReminderView(reminder: Reminder): ReminderView {
  return {
    id: reminder.id,
    itemKind: reminder.itemKind,
    itemId: reminder.itemId,
    matterId: reminder.matterId,
    title: reminder.title,
    leadMinutes: reminder.leadMinutes,
    itemAt: reminder.itemAt.toISOString(),
    dueAt: reminder.dueAt.toISOString(),
    status: reminder.status,
    sentAt: reminder.sentAt?.toISOString() ?? null,
  };
}
