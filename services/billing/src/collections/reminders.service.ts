import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { InvoiceReminderDueV1, uuidv7 } from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import type { Logger } from '@lawfirm/observability';
import { LOGGER } from '@lawfirm/platform';
import { minorAmountFromDb } from '@lawfirm/primitives';
import { ClientsService } from '../clients/clients.service';
import { PaymentsService } from '../payments/payments.service';
import { CollectionsRepository } from './collections.repository';
import type {
  InvoiceReminderView,
  ReminderScheduleDto,
  ReminderScheduleView,
  ReminderSweepView,
  SentReminderView,
} from './dto/reminders.dto';
import { REMINDER_SWEEP_SCOPE, type ReminderSchedule } from './reminder.entity';
import { ReminderRepository } from './reminder.repository';
import { addDaysTo, daysBetween, reminderStepDue } from './reminder.rules';

/** Invoices without a stored due date (issued before due dates were kept) fall due 30 days after issue. */
const LEGACY_TERMS_DAYS = 30;

/**
 * Payment reminders: each firm's schedule, and the sweep that publishes `billing.reminder.due` once per
 * invoice and step (the `invoice_reminders` key holds it to once; a per-firm advisory lock makes a second
 * concurrent sweep wait and then find the steps sent).
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reminders: ReminderRepository,
    private readonly collections: CollectionsRepository,
    private readonly payments: PaymentsService,
    private readonly clients: ClientsService,
  ) {}

  async schedule(actor: Actor): Promise<ReminderScheduleView> {
    const schedule = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.reminders.schedule(manager),
    );
    if (!schedule) throw new NotFoundError('reminder_schedule', actor.firmId);
    return scheduleView(schedule);
  }

  async setSchedule(actor: Actor, input: ReminderScheduleDto): Promise<ReminderScheduleView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const schedule: ReminderSchedule = {
        firmId: actor.firmId,
        offsetsDays: [...input.offsetsDays].sort((a, b) => a - b),
        paymentInstructions: input.paymentInstructions ?? null,
        updatedBy: actor.subject,
        updatedAt: new Date(),
      };
      await this.reminders.saveSchedule(manager, schedule);
      await recordChange(manager, actor, {
        action: 'reminder-schedule.set',
        resourceType: 'reminder-schedule',
        resourceId: actor.firmId,
        details: { offsetsDays: schedule.offsetsDays, paymentInstructions: schedule.paymentInstructions },
      });
      return scheduleView(schedule);
    });
  }

  async sentFor(actor: Actor, invoiceId: string): Promise<InvoiceReminderView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.payments.invoiceStanding(manager, actor, invoiceId, false);
      return (await this.reminders.sentFor(manager, invoiceId)).map((row) => ({
        offsetDays: row.offsetDays,
        reminderDate: row.reminderDate,
        sweptAsOf: row.sweptAsOf,
        openMinor: minorAmountFromDb(row.openMinor),
        sentAt: row.sentAt.toISOString(),
      }));
    });
  }

  /**
   * Sends, for one firm, the reminder step that came due by `asOf` on each open invoice it chases (not
   * disputed, not written off); in one transaction holding the firm's sweep lock.
   */
  async sweepFirm(caller: ChangeCaller, asOf: string): Promise<ReminderSweepView> {
    return withTenant(this.dataSource, caller.firmId, async (manager) => {
      await this.reminders.lockFirmSweep(manager, caller.firmId);
      const schedule = await this.reminders.schedule(manager);
      if (!schedule) return { asOf, sent: [] };
      const open = await this.payments.openStandings(manager, asOf);
      const ids = open.map((standing) => standing.invoiceId);
      const statuses = await this.collections.findMany(manager, ids);
      const sentBefore = await this.reminders.sentOffsets(manager, ids);
      const names = await this.clients.names(manager, [
        ...new Set(open.map((standing) => standing.clientId)),
      ]);
      const sent: SentReminderView[] = [];
      for (const standing of open) {
        const dueDate = standing.dueDate ?? addDaysTo(standing.issuedOn, LEGACY_TERMS_DAYS);
        const status = statuses.get(standing.invoiceId)?.status ?? 'none';
        const step = reminderStepDue(
          schedule.offsetsDays,
          {
            dueDate,
            openMinor: standing.openMinor,
            status,
            sentOffsets: sentBefore.get(standing.invoiceId) ?? [],
          },
          asOf,
        );
        // (reminderStepDue already skips disputed and written-off invoices; repeated for the type.)
        if (!step || status === 'disputed' || status === 'written-off') continue;
        const inserted = await this.reminders.insertOnce(manager, {
          firmId: caller.firmId,
          invoiceId: standing.invoiceId,
          offsetDays: step.offsetDays,
          reminderDate: step.reminderDate,
          sweptAsOf: asOf,
          openMinor: String(standing.openMinor),
          sentAt: new Date(),
        });
        if (!inserted) continue;
        const daysOverdue = Math.max(0, daysBetween(dueDate, asOf));
        await recordChange(manager, caller, {
          action: 'invoice.reminder-due',
          resourceType: 'invoice',
          resourceId: standing.invoiceId,
          details: {
            offsetDays: step.offsetDays,
            reminderDate: step.reminderDate,
            asOf,
            openMinor: standing.openMinor,
          },
          events: [
            {
              type: InvoiceReminderDueV1.type,
              aggregateId: standing.invoiceId,
              data: {
                invoiceId: standing.invoiceId,
                invoiceNumber: standing.number,
                clientId: standing.clientId,
                clientName: names.get(standing.clientId) ?? null,
                matterId: standing.matterId,
                offsetDays: step.offsetDays,
                reminderDate: step.reminderDate,
                issuedOn: standing.issuedOn,
                dueDate,
                daysOverdue,
                totalMinor: standing.totalMinor,
                creditedMinor: standing.creditedMinor,
                paidMinor: standing.paidMinor,
                openMinor: standing.openMinor,
                currency: standing.currency,
                collectionStatus: status,
                paymentInstructions: schedule.paymentInstructions,
                asOf,
              },
            },
          ],
        });
        sent.push({
          invoiceId: standing.invoiceId,
          invoiceNumber: standing.number,
          offsetDays: step.offsetDays,
          reminderDate: step.reminderDate,
          daysOverdue,
          openMinor: standing.openMinor,
          currency: standing.currency,
        });
      }
      return { asOf, sent };
    });
  }

  /** Every firm with a schedule, as of `asOf`: the background sweep (safe with several instances). */
  async sweepAll(asOf: string): Promise<number> {
    const firms = await withScope(this.dataSource, REMINDER_SWEEP_SCOPE, (manager) =>
      this.reminders.firmsWithSchedules(manager),
    );
    let sent = 0;
    for (const firmId of firms) {
      const result = await this.sweepFirm(
        { firmId, actorType: 'service', subject: 'billing-reminder-sweep', correlationId: uuidv7() },
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
    private readonly service: RemindersService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.service
        .sweepAll(new Date().toISOString().slice(0, 10))
        .then((sent) => {
          if (sent > 0) this.logger.info({ sent }, 'payment reminders sent');
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'payment reminder sweep failed'))
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

function scheduleView(schedule: ReminderSchedule): ReminderScheduleView {
  return {
    offsetsDays: schedule.offsetsDays,
    paymentInstructions: schedule.paymentInstructions,
    updatedAt: schedule.updatedAt.toISOString(),
  };
}
