import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InvoiceIssuedV1, type EventEnvelope } from '@lawfirm/contracts';
import { EventsController, type InboxContext } from '@lawfirm/messaging';
import { TimeEntryService } from './time-entry.service';

/** Billing's issued invoices mark their time entries billed. */
@EventsController()
export class InvoiceConsumer {
  constructor(private readonly entries: TimeEntryService) {}

  @EventPattern(InvoiceIssuedV1.type, { consumer: 'invoices' })
  issued(@Payload() envelope: EventEnvelope<InvoiceIssuedV1>, @Ctx() context: InboxContext): Promise<void> {
    return this.entries.markBilled(envelope, context.manager);
  }
}
