import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ExpenseApprovedV1,
  ExpenseReversedV1,
  TimeEntryApprovedV1,
  TimeEntryReversedV1,
  type EventEnvelope,
} from '@lawfirm/contracts';
import { EventsController, type InboxContext } from '@lawfirm/messaging';
import { WipService } from './wip.service';

const CONSUMER = { consumer: 'time-entries' };
const EXPENSES = { consumer: 'expenses' };

/** Approved time and expenses become work in progress; a reversal takes them out again. */
@EventsController()
export class WipConsumer {
  constructor(private readonly wip: WipService) {}

  @EventPattern(TimeEntryApprovedV1.type, CONSUMER)
  approved(
    @Payload() envelope: EventEnvelope<TimeEntryApprovedV1>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    return this.wip.recordApprovedTime(envelope, context.manager);
  }

  @EventPattern(TimeEntryReversedV1.type, CONSUMER)
  reversed(
    @Payload() envelope: EventEnvelope<TimeEntryReversedV1>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    return this.wip.removeReversedTime(envelope, context.manager);
  }

  @EventPattern(ExpenseApprovedV1.type, EXPENSES)
  expenseApproved(
    @Payload() envelope: EventEnvelope<ExpenseApprovedV1>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    return this.wip.recordApprovedExpense(envelope, context.manager);
  }

  @EventPattern(ExpenseReversedV1.type, EXPENSES)
  expenseReversed(
    @Payload() envelope: EventEnvelope<ExpenseReversedV1>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    return this.wip.removeReversedExpense(envelope, context.manager);
  }
}
