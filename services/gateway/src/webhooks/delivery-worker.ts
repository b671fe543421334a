import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import { WebhookEndpointDisabledV1, WebhookEndpointFailingV1 } from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import type { Logger } from '@lawfirm/observability';
import { LOGGER } from '@lawfirm/platform';
import { SecretBox } from './secret-box';
import { signatureHeader, WEBHOOK_HEADERS } from './signature';
import { WebhookSender, type SendResult } from './webhook-sender';
import { afterFailure, isDelivered } from './webhook.rules';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhooks.service';
import { WebhooksRepository, type ClaimedDelivery } from './webhooks.repository';

/** The cross-firm scope the worker claims in (granted on the webhook tables only). */
const WORKER_SCOPE = 'webhook-delivery';

/** What a receiver gets: the event, with its place in its aggregate's order. */
export interface WebhookBody {
  eventId: string;
  type: string;
  version: number;
  firmId: string;
  aggregateId: string;
  sequence: number;
  occurredAt: string;
  correlationId: string;
  data: unknown;
}

/**
 * Sends due deliveries. Every gateway instance runs one; they claim disjoint batches with
 * `FOR UPDATE SKIP LOCKED` and a lease (the request timeout plus a margin), and a result is
 * written only while the lease is still this worker's, so a worker that stalled past its lease
 * cannot overwrite what the instance that took over recorded.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sender: WebhookSender;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.sender = new WebhookSender(settings.allowPrivateTargets, settings.timeoutMs);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.sender.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = (await this.deliverDue()) > 0;
        await this.disableExpiredFailing();
      } catch (error) {
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'webhook worker pass failed',
        );
      }
      if (!worked && this.running)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.settings.pollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  }

  /** One batch: claim, send side by side, record each. Returns how many were sent. */
  async deliverDue(): Promise<number> {
    const leaseToken = randomUUID();
    const leaseMs = this.settings.timeoutMs + 30_000;
    const claimed = await withScope(this.dataSource, WORKER_SCOPE, (manager) =>
      WebhooksRepository.claimDue(manager, leaseToken, leaseMs, this.settings.concurrency),
    );
    await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    return claimed.length;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { envelope } = delivery;
    const body: WebhookBody = {
      eventId: envelope.id,
      type: envelope.type,
      version: envelope.version,
      firmId: envelope.firmId,
      aggregateId: envelope.aggregateId,
      sequence: Number(delivery.sequence),
      occurredAt: envelope.occurredAt,
      correlationId: envelope.correlationId,
      data: envelope.data,
    };
    const text = JSON.stringify(body);
    const attempt = delivery.attempts + 1;
    const startedAt = new Date();
    let result: SendResult;
    try {
      const timestamp = Math.floor(startedAt.getTime() / 1000);
      result = await this.sender.send(delivery.url, text, {
        [WEBHOOK_HEADERS.id]: delivery.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signatureHeader(
          this.signingSecrets(delivery, startedAt),
          timestamp,
          text,
        ),
        [WEBHOOK_HEADERS.attempt]: String(attempt),
      });
    } catch (error) {
      result = { error: error instanceof Error ? error.message : String(error), durationMs: 0 };
    }
    try {
      await this.record(delivery, attempt, startedAt, result);
    } catch (error) {
      this.logger.warn(
        { deliveryId: delivery.id, err: error instanceof Error ? error.message : String(error) },
        'webhook attempt could not be recorded; its lease will run out and it is sent again',
      );
    }
  }

  /** The current secret, and the previous one while its overlap lasts: both sign. */
  private signingSecrets(delivery: ClaimedDelivery, now: Date): string[] {
    const secrets = [this.secrets.open(delivery.secretCiphertext, delivery.subscriptionId)];
    if (
      delivery.previousSecretCiphertext &&
      delivery.previousSecretExpiresAt &&
      delivery.previousSecretExpiresAt > now
    )
      secrets.push(this.secrets.open(delivery.previousSecretCiphertext, delivery.subscriptionId));
    return secrets;
  }

  private async record(
    delivery: ClaimedDelivery,
    attempt: number,
    startedAt: Date,
    result: SendResult,
  ): Promise<void> {
    const delivered = result.status !== undefined && isDelivered(result.status);
    const firstAttemptAt = delivery.firstAttemptAt ?? startedAt;
    const error = result.error ?? (delivered ? null : `answered ${result.status}`);
    await withTenant(this.dataSource, delivery.firmId, async (manager) => {
      const now = new Date();
      const next = delivered
        ? undefined
        : afterFailure(
            {
              baseDelayMs: this.settings.retryBaseMs,
              maxDelayMs: this.settings.retryMaxDelayMs,
              windowMs: this.settings.retryWindowMs,
            },
            firstAttemptAt,
            attempt,
            now,
          );
      const status = delivered ? 'succeeded' : next?.kind === 'retry' ? 'pending' : 'failed';
      // One statement: the outcome, only while the lease is still ours, and the attempt beside it.
      const recorded = (await manager.query(
        `WITH outcome AS (
           UPDATE webhook_deliveries
           SET status = $3, attempts = $4, first_attempt_at = coalesce(first_attempt_at, $5), last_attempt_at = $6,
               delivered_at = $7, next_attempt_at = coalesce($8, next_attempt_at), last_response_status = $9,
               last_error = $10, lease_token = NULL, lease_until = NULL
           WHERE firm_id = $1 AND id = $2 AND lease_token = $11
           RETURNING firm_id, id)
         INSERT INTO webhook_delivery_attempts
           (firm_id, id, delivery_id, attempt, started_at, duration_ms, outcome, response_status, response_excerpt, error)
         SELECT firm_id, gen_random_uuid(), id, $4, $6, $12, $13, $9, $14, $10 FROM outcome
         RETURNING id`,
        [
          delivery.firmId,
          delivery.id,
          status,
          attempt,
          firstAttemptAt,
          startedAt,
          delivered ? now : null,
          next?.kind === 'retry' ? next.at : null,
          result.status ?? null,
          error ? error.slice(0, 1000) : null,
          delivery.leaseToken,
          result.durationMs,
          delivered ? 'succeeded' : 'failed',
          result.excerpt ?? null,
        ],
      )) as unknown[];
      if (recorded.length === 0) {
        this.logger.warn({ deliveryId: delivery.id }, 'webhook lease lost before the attempt was recorded');
        return;
      }
      if (delivered) await this.recordSuccess(manager, delivery);
      else if (status === 'failed')
        await this.recordExhausted(manager, delivery, firstAttemptAt, result, error);
    });
  }

  private async recordSuccess(manager: EntityManager, delivery: ClaimedDelivery): Promise<void> {
    if (delivery.subscriptionStatus === 'failing') {
      const recovered = (await manager.query(
        `UPDATE webhook_subscriptions
         SET status = 'active', failing_since = NULL, notified_at = NULL, disable_at = NULL, updated_at = now()
         WHERE firm_id = $1 AND id = $2 AND status = 'failing' RETURNING id`,
        [delivery.firmId, delivery.subscriptionId],
      )) as [unknown[], number];
      if (recovered[1] > 0)
        await recordChange(manager, systemCaller(delivery.firmId), {
          action: 'webhook.recovered',
          resourceType: 'webhook',
          resourceId: delivery.subscriptionId,
        });
    }
    // At most about once a second per endpoint: a busy endpoint's deliveries do not queue on its row.
    if (delivery.lastSuccessAt && Date.now() - delivery.lastSuccessAt.getTime() < 1000) return;
    await manager.query(
      `UPDATE webhook_subscriptions SET last_success_at = now()
       WHERE firm_id = $1 AND id = $2 AND (last_success_at IS NULL OR last_success_at < now() - interval '1 second')`,
      [delivery.firmId, delivery.subscriptionId],
    );
  }

  /**
   * A delivery failed for the whole window. Unless something reached the endpoint since this
   * delivery's first attempt, the endpoint is failing: its admins are notified (the event and the
   * audit record commit with the status change), and it is disabled after the grace period.
   */
  private async recordExhausted(
    manager: EntityManager,
    delivery: ClaimedDelivery,
    firstAttemptAt: Date,
    result: SendResult,
    error: string | null,
  ): Promise<void> {
    const disableAt = new Date(Date.now() + this.settings.disableGraceMs);
    const marked = (await manager.query(
      `UPDATE webhook_subscriptions
       SET status = 'failing', failing_since = $3, notified_at = now(), disable_at = $4, updated_at = now()
       WHERE firm_id = $1 AND id = $2 AND status = 'active' AND (last_success_at IS NULL OR last_success_at < $3)
       RETURNING url`,
      [delivery.firmId, delivery.subscriptionId, firstAttemptAt, disableAt],
    )) as [Array<{ url: string }>, number];
    const url = marked[0][0]?.url;
    if (!url) return;
    this.logger.warn(
      { subscriptionId: delivery.subscriptionId, firmId: delivery.firmId },
      'webhook endpoint failing; admins notified',
    );
    await recordChange(manager, systemCaller(delivery.firmId), {
      action: 'webhook.failing',
      resourceType: 'webhook',
      resourceId: delivery.subscriptionId,
      details: { disableAt: disableAt.toISOString(), failingSince: firstAttemptAt.toISOString() },
      events: [
        {
          type: WebhookEndpointFailingV1.type,
          aggregateId: delivery.subscriptionId,
          data: {
            subscriptionId: delivery.subscriptionId,
            url,
            notify: 'firm-admins',
            failingSince: firstAttemptAt.toISOString(),
            disableAt: disableAt.toISOString(),
            ...(result.status !== undefined ? { lastResponseStatus: result.status } : {}),
            ...(error ? { lastError: error.slice(0, 1000) } : {}),
          },
        },
      ],
    });
  }

  /** Disables failing endpoints whose grace period passed without a success; each was notified first. */
  async disableExpiredFailing(): Promise<number> {
    const due = await withScope(this.dataSource, WORKER_SCOPE, (manager) =>
      WebhooksRepository.dueForDisabling(manager),
    );
    let disabled = 0;
    for (const { firmId, id } of due) {
      await withTenant(this.dataSource, firmId, async (manager) => {
        const rows = (await manager.query(
          `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now(), updated_at = now()
           WHERE firm_id = $1 AND id = $2 AND status = 'failing' AND disable_at <= now()
           RETURNING url, failing_since, notified_at`,
          [firmId, id],
        )) as [Array<{ url: string; failing_since: Date; notified_at: Date }>, number];
        const row = rows[0][0];
        if (!row) return;
        disabled += 1;
        await recordChange(manager, systemCaller(firmId), {
          action: 'webhook.disabled',
          resourceType: 'webhook',
          resourceId: id,
          details: { reason: 'failing for the whole retry window and the grace period after the notice' },
          events: [
            {
              type: WebhookEndpointDisabledV1.type,
              aggregateId: id,
              data: {
                subscriptionId: id,
                url: row.url,
                notify: 'firm-admins',
                failingSince: row.failing_since.toISOString(),
                notifiedAt: row.notified_at.toISOString(),
              },
            },
          ],
        });
      });
    }
    return disabled;
  }
}

function systemCaller(firmId: string): ChangeCaller {
  return { firmId, actorType: 'service', subject: 'gateway-webhooks', correlationId: randomUUID() };
}
