import { Inject, Injectable } from '@nestjs/common';
import { AuditRecordedV1, TOPICS } from '@lawfirm/contracts';
import { MessagingRuntime } from '@lawfirm/platform';
import { AuditStore } from './audit-store.service';

/** Chains every record from audit.v1 (keyed by firm, so one firm's records arrive in order). */
@Injectable()
export class AuditConsumer {
  constructor(@Inject(MessagingRuntime) messaging: MessagingRuntime, store: AuditStore) {
    messaging.consumer({
      name: 'audit',
      topics: [TOPICS.audit.name],
      handlers: {
        [AuditRecordedV1.type]: async (envelope, manager) => {
          await store.append(manager, envelope.firmId, envelope.id, { ...(envelope.data as object), occurredAt: envelope.occurredAt });
        },
      },
      // Under load, a fetched batch of one firm's records is chained in one transaction.
      batchHandler: async (envelopes, manager) => {
        const firmId = envelopes[0]?.firmId;
        if (!firmId) return;
        await store.appendMany(
          manager,
          firmId,
          envelopes.map((envelope) => ({ eventId: envelope.id, body: { ...(envelope.data as object), occurredAt: envelope.occurredAt } })),
        );
      },
    });
  }
}
