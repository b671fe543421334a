import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Counter, Gauge } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { AuditRecordedV1, type EventEnvelope } from '@lawfirm/contracts';
import { backoffDelay, batchOf, EventsController, sleep, type InboxContext } from '@lawfirm/messaging';
import type { Logger } from '@lawfirm/observability';
import { LOGGER } from '@lawfirm/platform';
import { AuditStore } from './audit-store.service';

const CONSUMER = { consumer: 'audit' };

/**
 * Tries to chain one record before the consumer's own retry policy takes over. Kept well under the
 * consumer session timeout (the handler cannot heartbeat): about 3 s of back-off in all.
 */
const STORE_ATTEMPTS = 6;
const STORE_BACKOFF_BASE_MS = 100;
const STORE_BACKOFF_MAX_MS = 1600;

/** What an operator alerts on: any increase means an audit record was not chained at the first try. */
export const auditStoreFailures = new Counter({
  name: 'audit_chain_store_failures_total',
  help: 'Attempts to chain an audit record that failed (each is retried; outcome=handed-back means the consumer retries it)',
  labelNames: ['outcome'],
});

/** Records failing to be chained right now: above zero for more than a minute means the trail is falling behind. */
export const auditRecordsUnstored = new Gauge({
  name: 'audit_chain_records_unstored',
  help: 'Audit records the chain consumer is retrying right now',
});

/**
 * Chains every record from audit.v1 (keyed by firm, so one firm's records arrive in order). A
 * record that cannot be stored is never dropped quietly: each failure is logged as an error with
 * the record's id and counted (`audit_chain_store_failures_total`), and the record is retried with
 * back-off inside a savepoint of the inbox transaction; if it still fails, the error goes back to
 * the consumer, whose policy retries a transient failure until it clears.
 */
@EventsController()
export class AuditConsumer {
  constructor(
    private readonly store: AuditStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(AuditRecordedV1.type, CONSUMER)
  async recorded(
    @Payload() envelope: EventEnvelope<AuditRecordedV1>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    await this.appendRetrying(context.manager, envelope);
  }

  /** Under load, a fetched batch of one firm's records is chained in one transaction. */
  @EventPattern(batchOf(AuditRecordedV1.type), CONSUMER)
  async recordedBatch(
    @Payload() envelopes: Array<EventEnvelope<AuditRecordedV1>>,
    @Ctx() context: InboxContext,
  ): Promise<void> {
    // A failing batch is handed back whole; the consumer then chains its records one by one (above).
    await this.store.appendMany(
      context.manager,
      context.envelope.firmId,
      envelopes.map((envelope) => ({
        eventId: envelope.id,
        body: { ...envelope.data, occurredAt: envelope.occurredAt },
      })),
    );
  }

  private async appendRetrying(
    manager: EntityManager,
    envelope: EventEnvelope<AuditRecordedV1>,
  ): Promise<void> {
    const body = { ...envelope.data, occurredAt: envelope.occurredAt };
    let failing = false;
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          // A savepoint: a failed attempt rolls back to here, and the inbox transaction goes on.
          await manager.transaction((attemptManager) =>
            this.store.append(attemptManager, envelope.firmId, envelope.id, body),
          );
          if (failing)
            this.logger.warn(
              { eventId: envelope.id, firmId: envelope.firmId, attempt },
              'audit record chained after retries',
            );
          return;
        } catch (error) {
          if (!failing) {
            failing = true;
            auditRecordsUnstored.inc();
          }
          const last = attempt >= STORE_ATTEMPTS;
          auditStoreFailures.inc({ outcome: last ? 'handed-back' : 'retrying' });
          this.logger.error(
            {
              eventId: envelope.id,
              firmId: envelope.firmId,
              attempt,
              err: error instanceof Error ? error.message : error,
            },
            last
              ? 'audit record could not be chained; handing it back to the consumer to retry'
              : 'audit record could not be chained; retrying',
          );
          if (last) throw error;
          await sleep(backoffDelay(attempt, STORE_BACKOFF_BASE_MS, STORE_BACKOFF_MAX_MS));
        }
      }
    } finally {
      if (failing) auditRecordsUnstored.dec();
    }
  }
}
