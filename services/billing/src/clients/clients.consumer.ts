import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ClientCreatedV1,
  ClientUpdatedV1,
  type ClientSnapshotV1,
  type EventEnvelope,
} from '@lawfirm/contracts';
import { EventsController, type InboxContext } from '@lawfirm/messaging';
import { ClientsService } from './clients.service';

const CONSUMER = { consumer: 'clients' };

/** Keeps billing's copy of intake's clients, for the names an invoice carries. */
@EventsController()
export class ClientsConsumer {
  constructor(private readonly clients: ClientsService) {}

  @EventPattern(ClientCreatedV1.type, CONSUMER)
  created(@Payload() envelope: EventEnvelope<ClientSnapshotV1>, @Ctx() context: InboxContext): Promise<void> {
    return this.clients.apply(envelope, context.manager);
  }

  @EventPattern(ClientUpdatedV1.type, CONSUMER)
  updated(@Payload() envelope: EventEnvelope<ClientSnapshotV1>, @Ctx() context: InboxContext): Promise<void> {
    return this.clients.apply(envelope, context.manager);
  }
}
