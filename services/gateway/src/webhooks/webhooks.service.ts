import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange } from '@lawfirm/audit';
import { uuidv7, type EventEnvelope } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import type {
  AttemptView,
  CreateWebhookDto,
  DeliveryDetailView,
  DeliveryQuery,
  DeliveryView,
  EventTypeList,
  ReplayDto,
  ReplayView,
  RotateSecretDto,
  UpdateWebhookDto,
  WebhookPage,
  WebhookView,
  WebhookWithSecretView,
} from './dto/webhook.dto';
import { eventCatalogue } from './event-catalogue';
import { newWebhookSecret, SecretBox } from './secret-box';
import { targetUrlProblem } from './target-guard';
import { WebhookAttempt } from './webhook-attempt.entity';
import { ORIGINAL_DELIVERY, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookSubscription } from './webhook-subscription.entity';
import { ReplayTooLargeError, WebhookDisabledError, WebhookUrlTakenError } from './webhook.exception';
import { WebhooksRepository } from './webhooks.repository';

/** The settings of webhooks the service and the worker share (from GatewayConfig). */
export interface WebhookSettings {
  allowPrivateTargets: boolean;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  retryWindowMs: number;
  disableGraceMs: number;
  timeoutMs: number;
  pollIntervalMs: number;
  concurrency: number;
}

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');

/** One replay resends at most this many events. */
export const MAX_REPLAY_EVENTS = 10_000;
const DEFAULT_OVERLAP_SECONDS = 24 * 3600;
const MAX_URL_LENGTH = 2000;

/** A firm's webhooks: subscriptions (firm admins), the events they are sent, replays. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {}

  eventTypes(): EventTypeList {
    return { items: eventCatalogue() };
  }

  async create(actor: Actor, input: CreateWebhookDto): Promise<WebhookWithSecretView> {
    const url = this.targetUrl(input.url);
    const id = uuidv7();
    const secret = newWebhookSecret();
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      // ON CONFLICT: twenty identical requests at once make one webhook and nineteen 409s, not a 500.
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(WebhookSubscription)
        .values({
          firmId: actor.firmId,
          id,
          url,
          description: input.description ?? null,
          eventTypes: input.eventTypes,
          status: 'active',
          secretCiphertext: this.secrets.seal(secret, id),
        })
        .orIgnore()
        .returning('*')
        .execute();
      if (!inserted.raw || (inserted.raw as unknown[]).length === 0) throw new WebhookUrlTakenError(url);
      const subscription = await this.find(manager, id);
      await recordChange(manager, actor, {
        action: 'webhook.created',
        resourceType: 'webhook',
        resourceId: id,
        details: { url, eventTypes: input.eventTypes },
      });
      return { ...toView(subscription), secret };
    });
  }

  async list(actor: Actor, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<WebhookPage> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) => {
      const query = manager
        .getRepository(WebhookSubscription)
        .createQueryBuilder('webhook')
        .orderBy(`date_trunc('milliseconds', webhook.created_at)`, 'DESC')
        .addOrderBy('webhook.id', 'DESC')
        .limit(limit + 1);
      if (after)
        query.where(
          `(date_trunc('milliseconds', webhook.created_at), webhook.id) < (:sortKey::timestamptz, :id::uuid)`,
          after,
        );
      return query.getMany();
    });
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toView);
  }

  async get(actor: Actor, id: string): Promise<WebhookView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => toView(await this.find(manager, id)));
  }

  async update(actor: Actor, id: string, input: UpdateWebhookDto): Promise<WebhookView> {
    const url = input.url === undefined ? undefined : this.targetUrl(input.url);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const subscription = await this.find(manager, id, true);
      const changed: string[] = [];
      if (url !== undefined && url !== subscription.url) {
        const taken = await manager.getRepository(WebhookSubscription).findOne({ where: { url } });
        if (taken) throw new WebhookUrlTakenError(url);
        subscription.url = url;
        changed.push('url');
      }
      if (input.eventTypes !== undefined) {
        subscription.eventTypes = input.eventTypes;
        changed.push('eventTypes');
      }
      if (input.description !== undefined) {
        subscription.description = input.description;
        changed.push('description');
      }
      if (input.enabled === false && subscription.status !== 'disabled') {
        subscription.status = 'disabled';
        subscription.disabledAt = new Date();
        changed.push('status');
      }
      if (input.enabled === true && subscription.status !== 'active') {
        Object.assign(subscription, {
          status: 'active',
          disabledAt: null,
          failingSince: null,
          notifiedAt: null,
          disableAt: null,
        });
        changed.push('status');
      }
      if (changed.length === 0) return toView(subscription);
      subscription.updatedAt = new Date();
      try {
        await manager.getRepository(WebhookSubscription).save(subscription);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new WebhookUrlTakenError(subscription.url);
        throw error;
      }
      await recordChange(manager, actor, {
        action: 'webhook.updated',
        resourceType: 'webhook',
        resourceId: id,
        details: {
          changed,
          status: subscription.status,
          url: subscription.url,
          eventTypes: subscription.eventTypes,
        },
      });
      return toView(subscription);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const subscription = await this.find(manager, id, true);
      await manager.getRepository(WebhookSubscription).delete({ firmId: actor.firmId, id });
      await recordChange(manager, actor, {
        action: 'webhook.deleted',
        resourceType: 'webhook',
        resourceId: id,
        details: { url: subscription.url },
      });
    });
  }

  /** A new secret, shown once; the previous one keeps signing beside it for the overlap. */
  async rotateSecret(actor: Actor, id: string, input: RotateSecretDto): Promise<WebhookWithSecretView> {
    const secret = newWebhookSecret();
    const overlapSeconds = input.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const subscription = await this.find(manager, id, true);
      const now = new Date();
      subscription.previousSecretCiphertext = overlapSeconds > 0 ? subscription.secretCiphertext : null;
      subscription.previousSecretExpiresAt =
        overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null;
      subscription.secretCiphertext = this.secrets.seal(secret, id);
      subscription.updatedAt = now;
      await manager.getRepository(WebhookSubscription).save(subscription);
      await recordChange(manager, actor, {
        action: 'webhook.secret-rotated',
        resourceType: 'webhook',
        resourceId: id,
        details: { overlapSeconds },
      });
      return { ...toView(subscription), secret };
    });
  }

  /** Resends every stored event of the subscription's types that occurred in [since, until) as new deliveries. */
  async replay(actor: Actor, id: string, input: ReplayDto): Promise<ReplayView> {
    const since = instant(input.since, 'since');
    const until = input.until ? instant(input.until, 'until') : new Date();
    if (until <= since)
      throw new ValidationFailedError([{ field: 'until', message: 'until must be after since' }]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const subscription = await this.find(manager, id, true);
      if (subscription.status === 'disabled') throw new WebhookDisabledError(id);
      const count = await WebhooksRepository.countReplayable(manager, actor.firmId, id, since, until);
      if (count > MAX_REPLAY_EVENTS) throw new ReplayTooLargeError(count, MAX_REPLAY_EVENTS);
      const replayId = uuidv7();
      const enqueued = await WebhooksRepository.enqueueReplay(
        manager,
        actor.firmId,
        id,
        replayId,
        since,
        until,
      );
      await recordChange(manager, actor, {
        action: 'webhook.replayed',
        resourceType: 'webhook',
        resourceId: id,
        details: { replayId, since: since.toISOString(), until: until.toISOString(), enqueued },
      });
      return { replayId, enqueued };
    });
  }

  async listDeliveries(actor: Actor, id: string, query: DeliveryQuery): Promise<Page<DeliveryView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.find(manager, id);
      const builder = manager
        .getRepository(WebhookDelivery)
        .createQueryBuilder('delivery')
        .innerJoinAndMapOne(
          'delivery.event',
          WebhookEvent,
          'event',
          'event.firm_id = delivery.firm_id AND event.id = delivery.event_id',
        )
        .where('delivery.subscription_id = :id', { id })
        .orderBy(`date_trunc('milliseconds', delivery.created_at)`, 'DESC')
        .addOrderBy('delivery.id', 'DESC')
        .limit(limit + 1);
      if (query.status) builder.andWhere('delivery.status = :status', { status: query.status });
      if (after)
        builder.andWhere(
          `(date_trunc('milliseconds', delivery.created_at), delivery.id) < (:sortKey::timestamptz, :after::uuid)`,
          { sortKey: after.sortKey, after: after.id },
        );
      return (await builder.getMany()) as Array<WebhookDelivery & { event: WebhookEvent }>;
    });
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), deliveryView);
  }

  async getDelivery(actor: Actor, id: string, deliveryId: string): Promise<DeliveryDetailView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const delivery = await manager
        .getRepository(WebhookDelivery)
        .findOne({ where: { id: deliveryId, subscriptionId: id } });
      if (!delivery) throw new NotFoundError('webhook_delivery', deliveryId);
      const event = await manager
        .getRepository(WebhookEvent)
        .findOneOrFail({ where: { id: delivery.eventId } });
      const attempts = await manager
        .getRepository(WebhookAttempt)
        .find({ where: { deliveryId }, order: { attempt: 'ASC' } });
      return { ...deliveryView({ ...delivery, event }), attemptLog: attempts.map(attemptView) };
    });
  }

  /** The webhooks consumer: keep the event and enqueue its deliveries, in the inbox transaction. */
  enqueue(envelope: EventEnvelope, topic: string, manager: EntityManager): Promise<number> {
    return WebhooksRepository.enqueue(manager, envelope, topic);
  }

  /** The URL as it will be called (WHATWG-normalised: punycode host, percent-encoded path), or a 400 naming `url`. */
  private targetUrl(raw: string): string {
    const problem = targetUrlProblem(raw, this.settings.allowPrivateTargets);
    if (problem) throw new ValidationFailedError([{ field: 'url', message: problem }]);
    const url = new URL(raw).href;
    if (url.length > MAX_URL_LENGTH)
      throw new ValidationFailedError([
        { field: 'url', message: `url must be at most ${MAX_URL_LENGTH} characters once encoded` },
      ]);
    return url;
  }

  private async find(manager: EntityManager, id: string, forUpdate = false): Promise<WebhookSubscription> {
    const subscription = await manager
      .getRepository(WebhookSubscription)
      .findOne({ where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!subscription) throw new NotFoundError('webhook', id);
    return subscription;
  }
}

/** An instant PostgreSQL can store (years 1970 to 9999), or a 400 naming the field. */
function instant(text: string, field: string): Date {
  const date = new Date(text);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1970 || year > 9999)
    throw new ValidationFailedError([
      { field, message: `${field} must be a date-time between 1970 and 9999` },
    ]);
  return date;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function toView(subscription: WebhookSubscription): WebhookView {
  return {
    id: subscription.id,
    url: subscription.url,
    description: subscription.description,
    eventTypes: subscription.eventTypes,
    status: subscription.status,
    lastSuccessAt: iso(subscription.lastSuccessAt),
    failingSince: iso(subscription.failingSince),
    disableAt: iso(subscription.disableAt),
    disabledAt: iso(subscription.disabledAt),
    previousSecretExpiresAt: iso(subscription.previousSecretExpiresAt),
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}

function deliveryView(delivery: WebhookDelivery & { event: WebhookEvent }): DeliveryView {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.event.type,
    aggregateId: delivery.event.aggregateId,
    sequence: Number(delivery.event.sequence),
    replayId: delivery.replayId === ORIGINAL_DELIVERY ? null : delivery.replayId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: iso(delivery.deliveredAt),
    lastResponseStatus: delivery.lastResponseStatus,
    lastError: delivery.lastError,
  };
}

function attemptView(attempt: WebhookAttempt): AttemptView {
  return {
    attempt: attempt.attempt,
    startedAt: attempt.startedAt.toISOString(),
    durationMs: attempt.durationMs,
    outcome: attempt.outcome,
    responseStatus: attempt.responseStatus,
    responseExcerpt: attempt.responseExcerpt,
    error: attempt.error,
  };
}
