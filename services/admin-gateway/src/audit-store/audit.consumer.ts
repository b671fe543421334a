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
    });
  }
}
