import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@lawfirm/contracts';
import { ORIGINAL_DELIVERY } from './webhook-delivery.entity';

/** A delivery a worker holds the lease of, with what it needs to send it. */
export interface ClaimedDelivery {
  firmId: string;
  id: string;
  subscriptionId: string;
  eventId: string;
  attempts: number;
  firstAttemptAt: Date | null;
  leaseToken: string;
  url: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
  sequence: string;
  envelope: EventEnvelope;
  /** The endpoint's state when claimed: whether a success must bring it back, and whether to note the success. */
  subscriptionStatus: string;
  lastSuccessAt: Date | null;
}

interface ClaimedRow {
  firm_id: string;
  id: string;
  subscription_id: string;
  event_id: string;
  attempts: number;
  first_attempt_at: Date | null;
  lease_token: string;
  url: string;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: Date | null;
  sequence: string;
  envelope: EventEnvelope;
  subscription_status: string;
  last_success_at: Date | null;
}

/** The queries of webhooks that TypeORM cannot say (multi-row inserts from selects, SKIP LOCKED claims). */
export const WebhooksRepository = {
  /**
   * Keeps an event for the firm's endpoints and enqueues one delivery per subscription that wants
   * its type (not disabled). The event gets the next sequence of its aggregate; Kafka hands one
   * aggregate's events to one consumer in order, so max + 1 is the order they happened in. The
   * unique keys make both inserts no-ops for an event seen before. Nothing is kept for a firm
   * without subscriptions. Returns the deliveries enqueued.
   */
  async enqueue(manager: EntityManager, envelope: EventEnvelope, topic: string): Promise<number> {
    const [subscribed] = (await manager.query(
      `SELECT count(*)::int AS count FROM webhook_subscriptions WHERE firm_id = $1`,
      [envelope.firmId],
    )) as Array<{ count: number }>;
    if (!subscribed?.count) return 0;
    await manager.query(
      `INSERT INTO webhook_events (firm_id, id, type, topic, aggregate_id, sequence, occurred_at, envelope)
       SELECT $1, $2, $3, $7, $4,
              coalesce((SELECT max(sequence) FROM webhook_events
                        WHERE firm_id = $1 AND topic = $7 AND aggregate_id = $4), 0) + 1,
              $5, $6
       ON CONFLICT (firm_id, id) DO NOTHING`,
      [
        envelope.firmId,
        envelope.id,
        envelope.type,
        envelope.aggregateId,
        envelope.occurredAt,
        envelope,
        topic,
      ],
    );
    const enqueued = (await manager.query(
      `INSERT INTO webhook_deliveries (firm_id, id, subscription_id, event_id, replay_id, status, next_attempt_at)
       SELECT firm_id, gen_random_uuid(), id, $2, $4, 'pending', now()
       FROM webhook_subscriptions
       WHERE firm_id = $1 AND status <> 'disabled' AND $3 = ANY (event_types)
       ON CONFLICT ON CONSTRAINT webhook_deliveries_once_key DO NOTHING
       RETURNING id`,
      [envelope.firmId, envelope.id, envelope.type, ORIGINAL_DELIVERY],
    )) as unknown[];
    return enqueued.length;
  },

  /** Enqueues a replay of every stored event of the subscription's types in [since, until). */
  async enqueueReplay(
    manager: EntityManager,
    firmId: string,
    subscriptionId: string,
    replayId: string,
    since: Date,
    until: Date,
  ): Promise<number> {
    const rows = (await manager.query(
      `INSERT INTO webhook_deliveries (firm_id, id, subscription_id, event_id, replay_id, status, next_attempt_at)
       SELECT e.firm_id, gen_random_uuid(), s.id, e.id, $3, 'pending', now()
       FROM webhook_events e JOIN webhook_subscriptions s ON s.firm_id = e.firm_id AND s.id = $2
       WHERE e.firm_id = $1 AND e.type = ANY (s.event_types) AND e.occurred_at >= $4 AND e.occurred_at < $5
       RETURNING id`,
      [firmId, subscriptionId, replayId, since, until],
    )) as unknown[];
    return rows.length;
  },

  async countReplayable(
    manager: EntityManager,
    firmId: string,
    subscriptionId: string,
    since: Date,
    until: Date,
  ): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS count
       FROM webhook_events e JOIN webhook_subscriptions s ON s.firm_id = e.firm_id AND s.id = $2
       WHERE e.firm_id = $1 AND e.type = ANY (s.event_types) AND e.occurred_at >= $3 AND e.occurred_at < $4`,
      [firmId, subscriptionId, since, until],
    )) as Array<{ count: number }>;
    return row?.count ?? 0;
  },

  /**
   * Takes the lease of up to `limit` due deliveries of endpoints that are not disabled, across
   * firms (the worker's scope). SKIP LOCKED lets several gateway instances claim side by side
   * without waiting on each other; a lease that ran out (its worker stopped) is claimed again.
   */
  async claimDue(
    manager: EntityManager,
    leaseToken: string,
    leaseMs: number,
    limit: number,
  ): Promise<ClaimedDelivery[]> {
    const rows = (await manager.query(
      `WITH due AS (
         SELECT d.firm_id, d.id FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.firm_id = d.firm_id AND s.id = d.subscription_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           AND (d.lease_until IS NULL OR d.lease_until < now()) AND s.status <> 'disabled'
         ORDER BY d.next_attempt_at
         LIMIT $3
         FOR UPDATE OF d SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d SET lease_token = $1, lease_until = now() + $2 * interval '1 millisecond'
         FROM due WHERE d.firm_id = due.firm_id AND d.id = due.id
         RETURNING d.*)
       SELECT c.firm_id, c.id, c.subscription_id, c.event_id, c.attempts, c.first_attempt_at, c.lease_token,
              s.url, s.secret_ciphertext, s.previous_secret_ciphertext, s.previous_secret_expires_at,
              s.status AS subscription_status, s.last_success_at, e.sequence, e.envelope
       FROM claimed c
       JOIN webhook_subscriptions s ON s.firm_id = c.firm_id AND s.id = c.subscription_id
       JOIN webhook_events e ON e.firm_id = c.firm_id AND e.id = c.event_id`,
      [leaseToken, leaseMs, limit],
    )) as ClaimedRow[];
    return rows.map((row) => ({
      firmId: row.firm_id,
      id: row.id,
      subscriptionId: row.subscription_id,
      eventId: row.event_id,
      attempts: row.attempts,
      firstAttemptAt: row.first_attempt_at,
      leaseToken: row.lease_token,
      url: row.url,
      secretCiphertext: row.secret_ciphertext,
      previousSecretCiphertext: row.previous_secret_ciphertext,
      previousSecretExpiresAt: row.previous_secret_expires_at,
      sequence: String(row.sequence),
      envelope: row.envelope,
      subscriptionStatus: row.subscription_status,
      lastSuccessAt: row.last_success_at,
    }));
  },

  /** Failing endpoints whose grace period has passed, across firms (the worker's scope). */
  async dueForDisabling(manager: EntityManager): Promise<Array<{ firmId: string; id: string }>> {
    const rows = (await manager.query(
      `SELECT firm_id, id FROM webhook_subscriptions WHERE status = 'failing' AND disable_at <= now() LIMIT 100`,
    )) as Array<{ firm_id: string; id: string }>;
    return rows.map((row) => ({ firmId: row.firm_id, id: row.id }));
  },
};
