import { Inject, Injectable } from '@nestjs/common';
import { InvoiceIssuedV1, TOPICS } from '@lawfirm/contracts';
import { MessagingRuntime } from '@lawfirm/platform';
import { ExpenseService } from './expense.service';

/**
 * Billing's issued invoices mark their expenses billed. A consumer (and inbox) of its own beside
 * the time entries' one, so each feature's effects commit, retry and replay independently.
 */
@Injectable()
export class ExpenseInvoiceConsumer {
  constructor(@Inject(MessagingRuntime) messaging: MessagingRuntime, expenses: ExpenseService) {
    messaging.consumer({
      name: 'expense-invoices',
      topics: [TOPICS.invoice.name],
      handlers: {
        [InvoiceIssuedV1.type]: async (envelope, manager) => {
          await expenses.markBilled(envelope, manager);
        },
      },
    });
  }
}
