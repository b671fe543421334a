/**
 * Trust transfers under contention (issue 12): transfers to pay an invoice from one trust account by 16
 * concurrent clients, each a `TrustService.transfer` call as the API makes it (one transaction: the
 * ledger's balance row locked FOR UPDATE, uncleared deposits summed, the client's payment lock and the
 * invoice row locked, a payment and its allocation, the trust entry, the ledger update, two events and
 * two audit records in the outbox), against a same-run baseline: plain single-row INSERTs of the same
 * entry rows, one per transaction, by 16 concurrent clients, into a scratch copy of trust_entries (same
 * columns and indexes; no trigger, no row-level security).
 *
 *   npm run bench:trust
 *
 * Two shapes: every client on the same matter ledger (the worst case: they all queue on one row lock)
 * and each client on its own matter in the same account. Each transfer pays an issued invoice of its own
 * (BENCH_TRUST_INVOICES=each, the default), as a transfer of earned fees usually settles one bill; with
 * BENCH_TRUST_INVOICES=shared every transfer of a matter pays the same invoice, the earlier shape, where
 * the invoice's open amount (a sum over every payment allocated to it, in PaymentsService) grows with
 * each transfer and comes to dominate what is measured. At the end the invariant is checked in the
 * database: every ledger equals its opening deposit less the transfers written, the account equals the
 * sum of its entries, no ledger is negative, and each invoice was paid exactly what was transferred.
 *
 * Its own PostgreSQL (port 55493, data in .local/postgres-bench-trust, billing migrated only) and a fresh
 * Kafka broker (the billing module's outbox relay needs one); billing runs in this process.
 * Knobs (env): BENCH_TRUST_TRANSFERS (1000 per shape), BENCH_TRUST_CLIENTS (16), BENCH_TRUST_PG_PORT (55493),
 * BENCH_TRUST_INVOICES (each | shared). The app's pool holds 10 connections, so 16 clients also queue for one.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Actor } from '@lawfirm/auth';
import { topicManifest } from '@lawfirm/contracts';
import { runMigrations } from '@lawfirm/database';
import { startPostgres } from '@lawfirm/dev-postgres';
import { ensureLocalKeys, LOCAL_DIR, postgresDataDir } from '@lawfirm/dev-stack';
import { findFreePort, startKafka, type LocalKafkaHandle } from '@lawfirm/local-kafka';
import { createLogger } from '@lawfirm/observability';
import { createServiceApp, loadConfig } from '@lawfirm/platform';
import { AppModule } from '../services/billing/src/app.module';
import { BillingConfig } from '../services/billing/src/config';
import { ENTITIES, MIGRATIONS } from '../services/billing/src/database';
import { TrustService } from '../services/billing/src/trust/trust.service';
import { log, machineLine, printTable } from './support';

const TRANSFERS = Number(process.env.BENCH_TRUST_TRANSFERS ?? 1000);
const CLIENTS = Number(process.env.BENCH_TRUST_CLIENTS ?? 16);
const PG_PORT = Number(process.env.BENCH_TRUST_PG_PORT ?? 55493);
const TODAY = new Date().toISOString().slice(0, 10);
const OPENING_MINOR = 1_000_000_000;
const INVOICES = process.env.BENCH_TRUST_INVOICES ?? 'each';
if (INVOICES !== 'each' && INVOICES !== 'shared')
  throw new Error(`BENCH_TRUST_INVOICES must be each or shared, not ${INVOICES}`);

interface Shape {
  name: string;
  matters: number;
}

/** Runs `count` jobs by `clients` concurrent workers; returns elapsed ms. */
async function concurrently(
  count: number,
  clients: number,
  job: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await job(index);
      }
    }),
  );
  return performance.now() - started;
}

async function main(): Promise<void> {
  const runId = randomUUID().slice(0, 8);
  const keys = await ensureLocalKeys(join(LOCAL_DIR, 'keys.json'));
  log(`[bench] PostgreSQL on ${PG_PORT} (.local/postgres-bench-trust), migrating billing`);
  const pg = await startPostgres({ port: PG_PORT, dataDir: postgresDataDir('bench-trust'), quiet: true });
  let kafka: LocalKafkaHandle | undefined;
  let app: NestFastifyApplication | undefined;
  const owner = new Client({ connectionString: pg.ownerUrl('billing') });
  const appPool = new Pool({ connectionString: pg.appUrl('billing'), max: CLIENTS });
  try {
    await runMigrations(
      {
        url: pg.ownerUrl('billing'),
        entities: ENTITIES,
        migrations: MIGRATIONS,
        applicationName: 'billing-migrate',
      },
      pg.appRole('billing'),
    );
    kafka = await startKafka({
      port: 0,
      dataDir: join(LOCAL_DIR, 'kafka-runs', `bench-trust-${runId}`),
      fresh: true,
      topics: topicManifest(),
    });
    const port = await findFreePort();
    const config = loadConfig(BillingConfig, {
      PORT: String(port),
      DATABASE_URL: pg.appUrl('billing'),
      KAFKA_BROKERS: kafka.brokers,
      INTERNAL_TOKEN_KEY: keys.internalTokenKeys.billing,
      KAFKA_GROUP_PREFIX: `bench-trust-${runId}.`,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'error',
    });
    const logger = createLogger('billing', 'error');
    app = await createServiceApp({
      service: 'billing',
      module: AppModule.register(config, logger),
      logger,
      port,
    });
    await app.init();
    const trust = app.get(TrustService);
    await owner.connect();

    const rows: string[][] = [
      ['shape', 'transfers', 'clients', 'service transfers/s', 'plain inserts/s', 'ratio'],
    ];
    for (const shape of [
      { name: 'one matter ledger', matters: 1 },
      { name: `${CLIENTS} matter ledgers`, matters: CLIENTS },
    ] satisfies Shape[]) {
      const firmId = randomUUID();
      const actor: Actor = {
        firmId,
        subject: 'bench',
        actorType: 'user',
        roles: ['firm-admin', 'billing'],
        scopes: [],
        requestId: randomUUID(),
        correlationId: randomUUID(),
      };
      await owner.query(`SELECT set_config('app.firm_id', $1, false)`, [firmId]);
      const account = await trust.createAccount(actor, {
        name: 'IOLTA',
        kind: 'iolta',
        currency: 'USD',
        holdDays: 0,
      });
      const warmUps = CLIENTS * 4;
      const matters: Array<{ matterId: string; invoiceIds: string[] }> = [];
      for (let index = 0; index < shape.matters; index += 1) {
        const matterId = randomUUID();
        const clientId = randomUUID();
        // Transfer n of the matter (warm-up first) pays invoice n, or invoice 0 for every one when shared.
        const perMatter = INVOICES === 'shared' ? 1 : Math.ceil((warmUps + TRANSFERS) / shape.matters);
        const invoiceIds = Array.from({ length: perMatter }, () => randomUUID());
        await owner.query(
          `INSERT INTO matter_projection (firm_id, matter_id, client_id, number, title, practice_area, status, changed_at)
           VALUES ($1, $2, $3, $4, 'Bench matter', NULL, 'open', now())`,
          [firmId, matterId, clientId, `2026-${String(index + 1).padStart(4, '0')}`],
        );
        await owner.query(
          `INSERT INTO invoices (firm_id, id, status, number, client_id, matter_id, currency, period_end, fees_minor,
             disbursements_minor, discount_minor, total_minor, created_by, created_at, issued_by, issued_at, due_date)
           SELECT $1, id, 'issued', $3::text || '-' || ordinality, $4, $5, 'USD', $6, $7, 0, 0, $7, 'bench', now(), 'bench', now(), $6
             FROM unnest($2::uuid[]) WITH ORDINALITY AS invoice(id, ordinality)`,
          [firmId, invoiceIds, `INV-${runId}-${index}`, clientId, matterId, TODAY, OPENING_MINOR],
        );
        await trust.deposit(actor, account.id, {
          matterId,
          amountMinor: OPENING_MINOR,
          receivedOn: '2026-01-02',
          payer: 'Client',
          method: 'wire',
        });
        matters.push({ matterId, invoiceIds });
      }
      const target = (index: number): { matterId: string; invoiceId: string } => {
        const matter = matters[index % matters.length];
        const invoiceId = matter.invoiceIds[Math.floor(index / matters.length) % matter.invoiceIds.length];
        return { matterId: matter.matterId, invoiceId };
      };
      // Warm-up: connections, prepared plans.
      await concurrently(warmUps, CLIENTS, async (index) => {
        await trust.transfer(actor, account.id, { ...target(index), amountMinor: 1, transferredOn: TODAY });
      });
      const transferMs = await concurrently(TRANSFERS, CLIENTS, async (index) => {
        await trust.transfer(actor, account.id, {
          ...target(warmUps + index),
          amountMinor: 100 + (index % 7),
          transferredOn: TODAY,
        });
      });

      // Baseline: the same entry rows as plain inserts into a scratch copy of the table.
      await owner.query('DROP TABLE IF EXISTS bench_trust_entries');
      await owner.query(
        'CREATE TABLE bench_trust_entries (LIKE trust_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
      );
      await owner.query(`GRANT SELECT, INSERT ON bench_trust_entries TO "${pg.appRole('billing')}"`);
      const stored = await owner.query<Record<string, unknown>>(
        `SELECT * FROM trust_entries WHERE firm_id = $1 AND kind = 'transfer' ORDER BY recorded_at LIMIT $2`,
        [firmId, TRANSFERS],
      );
      const insertMs = await concurrently(stored.rows.length, CLIENTS, async (index) => {
        const row = stored.rows[index] as Record<string, unknown>;
        const columns = Object.keys(row);
        await appPool.query(
          `INSERT INTO bench_trust_entries (${columns.map((column) => `"${column}"`).join(', ')})
           VALUES (${columns.map((_column, position) => `$${position + 1}`).join(', ')})`,
          columns.map((column) => row[column]),
        );
      });

      // The invariant, read from the database.
      const check = await owner.query<{
        ledgers: string;
        entries: string;
        negative: number;
        mismatched: number;
        unpaid: number;
        overpaid: number;
      }>(
        `SELECT (SELECT SUM(balance_minor) FROM trust_ledgers WHERE account_id = $1)::text AS ledgers,
                (SELECT SUM(amount_minor) FROM trust_entries WHERE account_id = $1)::text AS entries,
                (SELECT count(*) FROM trust_ledgers WHERE account_id = $1 AND balance_minor < 0)::int AS negative,
                (SELECT count(*) FROM trust_ledgers l WHERE l.account_id = $1 AND l.balance_minor <>
                   (SELECT SUM(e.amount_minor) FROM trust_entries e WHERE e.ledger_id = l.id))::int AS mismatched,
                (SELECT count(*) FROM trust_ledgers l
                  WHERE l.account_id = $1 AND l.kind = 'client' AND ($2::bigint - l.balance_minor) <>
                   (SELECT COALESCE(SUM(a.amount_minor), 0) FROM payment_allocations a
                      JOIN invoices i ON i.firm_id = a.firm_id AND i.id = a.invoice_id
                     WHERE i.matter_id = l.matter_id))::int AS unpaid,
                (SELECT count(*) FROM invoices i WHERE i.firm_id = $3 AND i.total_minor <
                   (SELECT COALESCE(SUM(a.amount_minor), 0) FROM payment_allocations a WHERE a.invoice_id = i.id))::int AS overpaid`,
        [account.id, OPENING_MINOR, firmId],
      );
      const invariant = check.rows[0];
      if (
        !invariant ||
        invariant.ledgers !== invariant.entries ||
        invariant.negative ||
        invariant.mismatched ||
        invariant.unpaid ||
        invariant.overpaid
      )
        throw new Error(`trust invariant broken: ${JSON.stringify(invariant)}`);
      log(
        `[bench] ${shape.name}: invariant holds (ledgers ${invariant.ledgers} = entries ${invariant.entries})`,
      );
      const transfersPerSecond = (TRANSFERS / transferMs) * 1000;
      const insertsPerSecond = (stored.rows.length / insertMs) * 1000;
      rows.push([
        shape.name,
        TRANSFERS.toLocaleString('en-US'),
        String(CLIENTS),
        transfersPerSecond.toFixed(0),
        insertsPerSecond.toFixed(0),
        `${(transfersPerSecond / insertsPerSecond).toFixed(2)}x`,
      ]);
    }
    console.log(`${machineLine()}, invoices: ${INVOICES}`);
    printTable(rows);
  } finally {
    await appPool.end().catch(() => undefined);
    await owner.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await kafka?.stop().catch(() => undefined);
    await Promise.resolve(pg.stop()).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
