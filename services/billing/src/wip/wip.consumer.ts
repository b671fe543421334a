import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TimeEntryApprovedV1, TimeEntryReversedV1, type EventEnvelope } from '@lawfirm/contracts';
import { EventsController, type InboxContext } from '@lawfirm/messaging';
import { WipService } from './wip.service';

const CONSUMER = { consumer: 'time-entries' };

/** Approved time becomes work in progress; a reversal takes it out again. */
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
}
