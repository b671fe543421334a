import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/** The delivery worker serves every firm: it reads and updates these tables in this scope only. */
const WORKER_SCOPE = 'webhook-delivery';

/**
 * Webhooks (issue 16): firms' subscriptions (secrets encrypted), the events they may be sent (with
 * a per-aggregate sequence), one delivery per event and subscription (and per replay), and every
 * attempt at a delivery.
 */
export class Webhooks1766800000001 implements MigrationInterface {
  name = 'Webhooks1766800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const role = appRoleFromEnv();
    const statements = [
      `CREATE TABLE webhook_subscriptions (
         firm_id uuid NOT NULL, id uuid NOT NULL,
         url text NOT NULL, description text, event_types text[] NOT NULL,
         status text NOT NULL,
         secret_ciphertext text NOT NULL, previous_secret_ciphertext text,
         previous_secret_expires_at timestamptz,
         last_success_at timestamptz, failing_since timestamptz, notified_at timestamptz,
         disable_at timestamptz, disabled_at timestamptz,
         created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
         CONSTRAINT "PK_webhook_subscriptions" PRIMARY KEY (firm_id, id),
         CONSTRAINT webhook_subscriptions_firm_url_key UNIQUE (firm_id, url),
         CONSTRAINT webhook_subscriptions_status_check CHECK (status IN ('active', 'failing', 'disabled')))`,
      `CREATE TABLE webhook_events (
         firm_id uuid NOT NULL, id uuid NOT NULL, type text NOT NULL, topic text NOT NULL,
         aggregate_id text NOT NULL, sequence bigint NOT NULL, occurred_at timestamptz NOT NULL, envelope jsonb NOT NULL,
         received_at timestamptz NOT NULL DEFAULT now(),
         CONSTRAINT "PK_webhook_events" PRIMARY KEY (firm_id, id),
         CONSTRAINT webhook_events_aggregate_sequence_key UNIQUE (firm_id, topic, aggregate_id, sequence))`,
      `CREATE INDEX webhook_events_firm_occurred ON webhook_events (firm_id, occurred_at)`,
      `CREATE TABLE webhook_deliveries (
         firm_id uuid NOT NULL, id uuid NOT NULL, subscription_id uuid NOT NULL, event_id uuid NOT NULL,
         replay_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
         status text NOT NULL, attempts integer NOT NULL DEFAULT 0,
         next_attempt_at timestamptz NOT NULL, lease_token uuid, lease_until timestamptz,
         created_at timestamptz NOT NULL DEFAULT now(), first_attempt_at timestamptz,
         last_attempt_at timestamptz, delivered_at timestamptz,
         last_response_status integer, last_error text,
         CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY (firm_id, id),
         CONSTRAINT webhook_deliveries_once_key UNIQUE (firm_id, subscription_id, event_id, replay_id),
         CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed')),
         CONSTRAINT webhook_deliveries_subscription_fkey FOREIGN KEY (firm_id, subscription_id)
           REFERENCES webhook_subscriptions (firm_id, id) ON DELETE CASCADE,
         CONSTRAINT webhook_deliveries_event_fkey FOREIGN KEY (firm_id, event_id)
           REFERENCES webhook_events (firm_id, id))`,
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)`,
      `CREATE INDEX webhook_deliveries_firm_subscription ON webhook_deliveries (firm_id, subscription_id, created_at)`,
      `CREATE TABLE webhook_delivery_attempts (
         firm_id uuid NOT NULL, id uuid NOT NULL, delivery_id uuid NOT NULL, attempt integer NOT NULL,
         started_at timestamptz NOT NULL, duration_ms integer NOT NULL, outcome text NOT NULL,
         response_status integer, response_excerpt text, error text,
         CONSTRAINT "PK_webhook_delivery_attempts" PRIMARY KEY (firm_id, id),
         CONSTRAINT webhook_delivery_attempts_number_key UNIQUE (firm_id, delivery_id, attempt),
         CONSTRAINT webhook_delivery_attempts_outcome_check CHECK (outcome IN ('succeeded', 'failed')),
         CONSTRAINT webhook_delivery_attempts_delivery_fkey FOREIGN KEY (firm_id, delivery_id)
           REFERENCES webhook_deliveries (firm_id, id) ON DELETE CASCADE)`,
      ...[
        'webhook_subscriptions',
        'webhook_events',
        'webhook_deliveries',
        'webhook_delivery_attempts',
      ].flatMap((table) => [
        ...tenantTableSql(table, { scopes: [WORKER_SCOPE] }),
        grantSql(table, role, 'SELECT, INSERT, UPDATE, DELETE'),
      ]),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
