import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ConsentGrantedV1, ConsentRevokedV1, type EventEnvelope } from '@lawfirm/contracts';
import { EventsController, type InboxContext } from '@lawfirm/messaging';
import { ConsentService } from '../consents/consent.service';
import { WorkOrderService } from './work-order.service';

const CONSUMER = { consumer: 'consents' };

/**
 * Keeps docket's copy of the clients' outsourcing consents, which every work order transition checks,
 * and suspends the open work orders a revocation leaves uncovered, in the same inbox transaction.
 */
@EventsController()
export class ConsentConsumer {
  constructor(
    private readonly consents: ConsentService,
    private readonly workOrders: WorkOrderService,
  ) {}

  @EventPattern(ConsentGrantedV1.type, CONSUMER)
  granted(@Payload() envelope: EventEnvelope<ConsentGrantedV1>, @Ctx() context: InboxContext): Promise<void> {
    return this.consents.granted(context.manager, envelope);
  }

  @EventPattern(ConsentRevokedV1.type, CONSUMER)
  revoked(@Payload() envelope: EventEnvelope<ConsentRevokedV1>, @Ctx() context: InboxContext): Promise<void> {
    return this.workOrders.consentRevoked(context.manager, envelope);
  }
}
