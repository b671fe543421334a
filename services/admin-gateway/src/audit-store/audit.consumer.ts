import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AuditRecordedV1, type EventEnvelope } from '@lawfirm/contracts';
import { batchOf, EventsController, type InboxContext } from '@lawfirm/messaging';
import { AuditStore } from './audit-store.service';

const CONSUMER = { consumer: 'audit' };

/** Chains every record from audit.v1 (keyed by firm, so one firm's records arrive in order). */
@EventsController()
export class AuditConsumer {
  constructor(private readonly store: AuditStore) {}

  @EventPattern(AuditRecordedV1.type, CONSUMER)
  async recorded(
    @Payload() envelope: EventEnvelope<AuditRecordedV1>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    await this.store.append(context.manager, envelope.firmId, envelope.id, {
      ...envelope.data,
      occurredAt: envelope.occurredAt,
    });
  }

  /** Under load, a fetched batch of one firm's records is chained in one transaction. */
  @EventPattern(batchOf(AuditRecordedV1.type), CONSUMER)
  async recordedBatch(
    @Payload() envelopes: Array<EventEnvelope<AuditRecordedV1>>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    await this.store.appendMany(
      context.manager,
      context.envelope.firmId,
      envelopes.map((envelope) => ({
        eventId: envelope.id,
        body: { ...envelope.data, occurredAt: envelope.occurredAt },
      })),
    );
  }
}
