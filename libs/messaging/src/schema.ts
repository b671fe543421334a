import { grantSql, tenantTableSql } from '@lawfirm/database';

export const OUTBOX_CHANNEL = 'outbox';
export const OUTBOX_RELAY_SCOPE = 'outbox-relay';

/**
 * DDL for the outbox and inbox every service carries, as first created. Call from the service's
 * first migration so the tables live beside its own, under the same RLS rules; later changes to
 * these tables are the functions below, each called from a migration of every service.
 */
export function messagingTablesSql(appRole: string): string[] {
  return [
    `CREATE TABLE outbox (
       id uuid PRIMARY KEY,
       firm_id uuid NOT NULL,
       topic text NOT NULL,
       message_key text NOT NULL,
       headers jsonb NOT NULL DEFAULT '{}',
       envelope jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
       sent_at timestamptz,
       attempts int NOT NULL DEFAULT 0,
       last_error text
     )`,
    `CREATE INDEX outbox_unsent ON outbox (created_at, id) WHERE sent_at IS NULL`,
    ...tenantTableSql('outbox', { scopes: [OUTBOX_RELAY_SCOPE] }),
    grantSql('outbox', appRole, 'SELECT, INSERT, UPDATE'),
    `CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_notify('${OUTBOX_CHANNEL}', ''); RETURN NULL; END $$`,
    `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    `CREATE TABLE inbox (
       consumer text NOT NULL,
       event_id uuid NOT NULL,
       firm_id uuid NOT NULL,
       topic text NOT NULL,
       event_type text NOT NULL,
       processed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
    ...tenantTableSql('inbox'),
    grantSql('inbox', appRole, 'SELECT, INSERT'),
  ];
}

/**
 * Parking of outbox rows that can never be published (issue 10): `next_attempt_at` spaces a failing
 * row's tries, `parked_at` takes it out of the relay's way after too many (`attempts`, `last_error`
 * say why). Re-drive a parked row with `npm run outbox:redrive` (see libs/messaging/README.md).
 */
export function outboxParkingSql(): string[] {
  return [
    `ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz, ADD COLUMN parked_at timestamptz`,
    `CREATE INDEX outbox_parked ON outbox (parked_at) WHERE parked_at IS NOT NULL`,
  ];
}

/** The messaging tables as they stand after every change above: for scratch databases in tests and drills. */
export function messagingSchemaSql(appRole: string): string[] {
  return [...messagingTablesSql(appRole), ...outboxParkingSql()];
}
