import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MatterClosedV1, MatterOpenedV1, MatterReopenedV1, MatterUpdatedV1, type EventEnvelope, type MatterSnapshotV1 } from '@lawfirm/contracts';
import { EventsController, type InboxContext } from '@lawfirm/messaging';
import { applyMatterSnapshot } from './handlers';

const CONSUMER = { consumer: 'matters' };

/** Keeps the local matter projection that decides whether a matter accepts work. */
@EventsController()
export class MatterProjectionConsumer {
  @EventPattern(MatterOpenedV1.type, CONSUMER)
  opened(@Payload() envelope: EventEnvelope<MatterSnapshotV1>, @Ctx() context: InboxContext): Promise<void> {
    return applyMatterSnapshot(envelope, context.manager);
  }

  @EventPattern(MatterUpdatedV1.type, CONSUMER)
  updated(@Payload() envelope: EventEnvelope<MatterSnapshotV1>, @Ctx() context: InboxContext): Promise<void> {
    return applyMatterSnapshot(envelope, context.manager);
  }

  @EventPattern(MatterClosedV1.type, CONSUMER)
  closed(@Payload() envelope: EventEnvelope<MatterSnapshotV1>, @Ctx() context: InboxContext): Promise<void> {
    return applyMatterSnapshot(envelope, context.manager);
  }

  @EventPattern(MatterReopenedV1.type, CONSUMER)
  reopened(@Payload() envelope: EventEnvelope<MatterSnapshotV1>, @Ctx() context: InboxContext): Promise<void> {
    return applyMatterSnapshot(envelope, context.manager);
  }
}
