import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InvoiceIssuedV1, type EventEnvelope } from '@lawfirm/contracts';
import { EventsController, type InboxContext } from '@lawfirm/messaging';
import { ExpenseService } from './expense.service';

/**
 * Billing's issued invoices mark their expenses billed. A consumer (and inbox) of its own beside
 * the time entries' one, so each feature's effects commit, retry and replay independently.
 */
@EventsController()
export class ExpenseInvoiceConsumer {
  constructor(private readonly expenses: ExpenseService) {}

  @EventPattern(InvoiceIssuedV1.type, { consumer: 'expense-invoices' })
  async issued(
    @Payload() envelope: EventEnvelope<InvoiceIssuedV1>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    await this.expenses.markBilled(envelope, context.manager);
  }
}
