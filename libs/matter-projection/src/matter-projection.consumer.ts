import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  MatterClosedV1,
  MatterOpenedV1,
  MatterReopenedV1,
  MatterUpdatedV1,
  type EventEnvelope,
  type MatterSnapshotV1,
} from '@lawfirm/contracts';
import { batchOf, EventsController, type InboxContext } from '@lawfirm/messaging';
import { applyMatterSnapshot, matterProjectionBatchHandler } from './handlers';

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
  reopened(
    @Payload() envelope: EventEnvelope<MatterSnapshotV1>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    return applyMatterSnapshot(envelope, context.manager);
  }

  /** A fetched batch of matter events (of any of the four types) in one statement; see matterProjectionBatchHandler. */
  @EventPattern(batchOf(MatterOpenedV1.type), CONSUMER)
  batch(@Payload() envelopes: Array<EventEnvelope<never>>, @Ctx() context: InboxContext): Promise<void> {
    return matterProjectionBatchHandler(envelopes, context.manager);
  }
}
