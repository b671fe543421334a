import { Inject, Injectable } from '@nestjs/common';
import { InvoiceIssuedV1, TOPICS } from '@lawfirm/contracts';
import { MessagingRuntime } from '@lawfirm/platform';
import { TimeEntryService } from './time-entry.service';

/** Billing's issued invoices mark their time entries billed. */
@Injectable()
export class InvoiceConsumer {
  constructor(@Inject(MessagingRuntime) messaging: MessagingRuntime, entries: TimeEntryService) {
    messaging.consumer({
      name: 'invoices',
      topics: [TOPICS.invoice.name],
      handlers: { [InvoiceIssuedV1.type]: (envelope, manager) => entries.markBilled(envelope, manager) },
    });
  }
}
