/**
 * An invoice run on a big firm: 1,000 matters holding 1,000,000 approved, unbilled time entries (1,000 each,
 * 20 timekeepers with default rates, 300 work days) are billed the way a clerk bills them: for each matter a
 * pre-bill (`InvoicesService.createPreBill`: the matter's free WIP locked, every entry priced by the rate
 * precedence, its lines written, the WIP held) and its issue (`InvoicesService.issue`: the WIP marked billed, a
 * gap-free number taken, `billing.invoice.issued` written to the outbox), over billing's app role inside
 * withTenant, exactly as the API runs them. The same-run baseline is one SQL aggregate over the same rows
 * (`SELECT matter_id, count(*), sum(minutes), sum(round(billed_tenths × rate ÷ 10)) … GROUP BY matter_id`,
 * joined to the timekeepers' rate rules, inside withTenant), timed before the run; the run's invoice totals
 * are checked against it.
 *
 *   npm run bench:invoice-run
 *
 * It starts its own PostgreSQL (port 55494, .local/postgres-bench-invoice-run), migrates billing only, seeds
 * the rows with INSERT … SELECT FROM generate_series as the owner (fast: no per-row round trips), and stops
 * the cluster at the end if it started it. No broker: the outbox rows stay unsent.
 * Knobs (env): BENCH_INVOICE_MATTERS (1000), BENCH_INVOICE_ENTRIES (1000000), BENCH_INVOICE_CONCURRENCY (1:
 * matters billed at once), BENCH_INVOICE_PG_PORT (55494), BENCH_INVOICE_SLOW_QUERY_MS (0: off; prints every
 * statement slower than this, to find what a run spends its time on).
 * Target: the run under 30 s and at most 3× the aggregate.
 */
import 'reflect-metadata';
import { postgresDataDir } from '@lawfirm/dev-stack';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { createDataSource, runMigrations, withTenant } from '@lawfirm/database';
import { startPostgres, type PostgresCluster } from '@lawfirm/dev-postgres';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { ClientsService } from '../services/billing/src/clients/clients.service';
import { ENTITIES, MIGRATIONS } from '../services/billing/src/database';
import { InvoicesRepository } from '../services/billing/src/invoices/invoices.repository';
import { InvoicesService } from '../services/billing/src/invoices/invoices.service';
import { RatesRepository } from '../services/billing/src/rates/rates.repository';
import { RatesService } from '../services/billing/src/rates/rates.service';
import { TaxesRepository } from '../services/billing/src/taxes/taxes.repository';
import { TaxesService } from '../services/billing/src/taxes/taxes.service';
import { WipRepository } from '../services/billing/src/wip/wip.repository';
import { WipService } from '../services/billing/src/wip/wip.service';
import { log, machineLine, mapLimit, median, ms, percentile, printTable, sortedCopy } from './support';

const PG_PORT = Number(process.env.BENCH_INVOICE_PG_PORT ?? 55494);
const PG_DIR = postgresDataDir('bench-invoice-run');
const MATTERS = Number(process.env.BENCH_INVOICE_MATTERS ?? 1000);
const ENTRIES = Number(process.env.BENCH_INVOICE_ENTRIES ?? 1_000_000);
const CONCURRENCY = Number(process.env.BENCH_INVOICE_CONCURRENCY ?? 1);
const SLOW_QUERY_MS = Number(process.env.BENCH_INVOICE_SLOW_QUERY_MS ?? 0);
const CLIENTS = Math.max(1, Math.floor(MATTERS / 10));
const TIMEKEEPERS = 20;
const TARGET_SECONDS = 30;
const TARGET_RATIO = 3;
const AGGREGATE_RUNS = 3;

const nowMs = (): number => performance.now();

/** Matters, clients, default rates and the WIP rows, written by the owner in one transaction. */
async function seed(owner: Client, firmId: string): Promise<void> {
  await owner.query('BEGIN');
  await owner.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
  // Ids from md5 of a counter: the same matter ids in every table without carrying them through the client.
  await owner.query(
    `INSERT INTO matter_projection (firm_id, matter_id, client_id, number, title, practice_area, status, changed_at)
     SELECT $1, md5('matter' || m)::uuid, md5('client' || (m % $3))::uuid, 'M-' || lpad(m::text, 5, '0'),
            'Matter ' || m, 'litigation', 'open', now()
       FROM generate_series(0, $2 - 1) AS m`,
    [firmId, MATTERS, CLIENTS],
  );
  await owner.query(
    `INSERT INTO rate_rules (firm_id, id, scope, timekeeper_id, rate_minor, currency, effective_from, created_by, created_at)
     SELECT $1, gen_random_uuid(), 'timekeeper', 'tk-' || k, 20000 + k * 1000, 'USD', '2026-01-01', 'bench', now()
       FROM generate_series(0, $2 - 1) AS k`,
    [firmId, TIMEKEEPERS],
  );
  await owner.query(
    `INSERT INTO wip_entries (firm_id, time_entry_id, matter_id, timekeeper_id, work_date, minutes, billed_tenths,
            narrative, billable, approved_at, source_event_id, outsourced, vendor_id, timekeeper_name,
            classification, ledes_classification, task_code, activity_code, invoice_id, billed_at)
     SELECT $1, gen_random_uuid(), md5('matter' || (i % $3))::uuid, 'tk-' || (i % $4),
            DATE '2026-01-01' + (i % 300), 6 * (1 + i % 10), 1 + i % 10,
            'Reviewed and revised the draft agreement', true, now(), gen_random_uuid(), false, NULL,
            'Keeper ' || (i % $4), 'Associate', 'AS', 'L110', 'A101', NULL, NULL
       FROM generate_series(0, $2 - 1) AS i`,
    [firmId, ENTRIES, MATTERS, TIMEKEEPERS],
  );
  await owner.query('COMMIT');
  for (const table of ['wip_entries', 'matter_projection', 'rate_rules'])
    await owner.query(`ANALYZE ${table}`);
}

/** A query as the owner with the firm set (row-level security is forced on the owner too). */
async function asFirm<T extends object>(owner: Client, firmId: string, sql: string): Promise<T[]> {
  await owner.query('BEGIN');
  await owner.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
  const result = await owner.query<T>(sql);
  await owner.query('COMMIT');
  return result.rows;
}

interface AggregateFigures {
  matters: number;
  entries: number;
  totalMinor: number;
}

/** The baseline: every matter's entries, minutes and priced amount in one statement. */
async function aggregate(dataSource: DataSource, firmId: string): Promise<AggregateFigures> {
  return withTenant(dataSource, firmId, async (manager) => {
    const rows = await manager.query<Array<{ matter_id: string; entries: string; total_minor: string }>>(
      // The benchmark's baseline is a hand-written statement by definition: one pass and one hash join.
      `SELECT w.matter_id, count(*) AS entries, sum(w.minutes) AS minutes,
              sum(round(w.billed_tenths * r.rate_minor / 10.0)) AS total_minor
         FROM wip_entries w
         JOIN rate_rules r ON r.firm_id = w.firm_id AND r.scope = 'timekeeper' AND r.currency = 'USD'
                          AND r.timekeeper_id = w.timekeeper_id
        WHERE w.billed_at IS NULL AND w.billable
        GROUP BY w.matter_id`,
    );
    return {
      matters: rows.length,
      entries: rows.reduce((sum, row) => sum + Number(row.entries), 0),
      totalMinor: rows.reduce((sum, row) => sum + Number(row.total_minor), 0),
    };
  });
}

async function main(): Promise<void> {
  log(`[bench] starting PostgreSQL on ${PG_PORT} (${PG_DIR})`);
  let cluster: PostgresCluster | undefined;
  let appData: DataSource | undefined;
  let owner: Client | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await appData?.destroy().catch(() => undefined);
    await owner?.end().catch(() => undefined);
    try {
      cluster?.stop();
    } catch (error) {
      log(`[bench] PostgreSQL stop failed: ${String(error)}`);
    }
  };
  const onSignal = (): void => {
    log('[bench] interrupted; stopping PostgreSQL');
    void stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    cluster = await startPostgres({ port: PG_PORT, dataDir: PG_DIR, quiet: true });
    const applied = await runMigrations(
      {
        url: cluster.ownerUrl('billing'),
        entities: ENTITIES,
        migrations: MIGRATIONS,
        applicationName: 'bench-invoice-run',
      },
      cluster.appRole('billing'),
    );
    log(`[bench] billing migrated (${applied.length ? applied.join(', ') : 'already up to date'})`);

    owner = new Client({
      connectionString: cluster.ownerUrl('billing'),
      application_name: 'bench-invoice-run-seed',
    });
    await owner.connect();
    // This cluster is the benchmark's own: start empty every run (issued invoices' lines are kept by a
    // trigger, which TRUNCATE does not fire).
    await owner.query(
      'TRUNCATE wip_entries, wip_expenses, invoice_lines, invoices, matter_projection, rate_rules, number_series, outbox CASCADE',
    );
    const firmId = randomUUID();
    log(
      `[bench] seeding ${ENTRIES.toLocaleString('en')} approved entries on ${MATTERS.toLocaleString('en')} matters for firm ${firmId}`,
    );
    const seedStarted = nowMs();
    await seed(owner, firmId);
    log(`[bench] seeded in ${((nowMs() - seedStarted) / 1000).toFixed(1)} s`);

    appData = createDataSource({
      url: cluster.appUrl('billing'),
      entities: ENTITIES,
      applicationName: 'bench-invoice-run',
      poolSize: Math.max(2, CONCURRENCY + 1),
    });
    if (SLOW_QUERY_MS > 0)
      // Profiling aid: TypeORM prints each statement slower than this, with its time.
      appData.setOptions({ maxQueryExecutionTime: SLOW_QUERY_MS, logger: 'simple-console' });
    await appData.initialize();
    const dataSource = appData;
    const matters = new MatterProjectionService();
    const wip = new WipService(dataSource, new WipRepository(), matters);
    const rates = new RatesService(dataSource, new RatesRepository(), matters);
    const invoices = new InvoicesService(
      dataSource,
      new InvoicesRepository(),
      wip,
      rates,
      new ClientsService(),
      new TaxesService(dataSource, new TaxesRepository(), matters, new ClientsService()),
    );
    const actor: Actor = {
      firmId,
      subject: 'bench-clerk',
      actorType: 'user',
      roles: ['billing'],
      scopes: [],
      requestId: randomUUID(),
      correlationId: randomUUID(),
    };

    const aggregateMs: number[] = [];
    let expected: AggregateFigures | undefined;
    for (let run = 0; run < AGGREGATE_RUNS; run += 1) {
      const started = nowMs();
      expected = await aggregate(dataSource, firmId);
      aggregateMs.push(nowMs() - started);
    }
    const aggregateMedian = median(aggregateMs);
    log(
      `[bench] aggregate: ${expected?.matters} matters, ${expected?.entries.toLocaleString('en')} entries, ${aggregateMs.map((value) => ms(value)).join(', ')}`,
    );

    const matterIds = (
      await asFirm<{ matter_id: string }>(
        owner,
        firmId,
        `SELECT matter_id FROM matter_projection ORDER BY number`,
      )
    ).map((row) => row.matter_id);
    const preBillMs: number[] = [];
    const issueMs: number[] = [];
    let issuedTotal = 0;
    let issuedCount = 0;
    log(`[bench] invoice run: ${matterIds.length} matters, ${CONCURRENCY} at a time`);
    const runStarted = nowMs();
    await mapLimit(matterIds, CONCURRENCY, async (matterId, index) => {
      const preBillStarted = nowMs();
      const draft = await invoices.createPreBill(actor, {
        matterId,
        periodEnd: '2026-12-31',
        currency: 'USD',
      });
      const issueStarted = nowMs();
      const issued = await invoices.issue(actor, draft.id);
      issueMs.push(nowMs() - issueStarted);
      preBillMs.push(issueStarted - preBillStarted);
      issuedTotal += issued.totals.totalMinor;
      issuedCount += 1;
      if ((index + 1) % 100 === 0)
        log(`[bench]   ${index + 1} invoices in ${((nowMs() - runStarted) / 1000).toFixed(1)} s`);
    });
    const runMs = nowMs() - runStarted;

    const check = (
      await asFirm<{ issued: string; lines: string; billed: string; numbers: string }>(
        owner,
        firmId,
        `SELECT (SELECT count(*) FROM invoices WHERE status = 'issued') AS issued,
                (SELECT count(*) FROM invoice_lines) AS lines,
                (SELECT count(*) FROM wip_entries WHERE billed_at IS NOT NULL) AS billed,
                (SELECT count(DISTINCT number) FROM invoices WHERE status = 'issued') AS numbers`,
      )
    )[0];
    const seconds = runMs / 1000;
    const ratio = runMs / aggregateMedian;
    console.log('');
    console.log(`invoice-run: ${machineLine()}`);
    console.log(
      `${MATTERS.toLocaleString('en')} matters, ${ENTRIES.toLocaleString('en')} entries, ${TIMEKEEPERS} timekeepers, concurrency ${CONCURRENCY}`,
    );
    console.log('');
    const sortedPreBill = sortedCopy(preBillMs);
    const sortedIssue = sortedCopy(issueMs);
    printTable([
      ['path', 'seconds', 'vs aggregate', 'per matter p50', 'p95'],
      ['one SQL aggregate (baseline, median of 3)', (aggregateMedian / 1000).toFixed(2), '1.00x', '', ''],
      [
        'invoice run (pre-bill + issue per matter)',
        seconds.toFixed(2),
        `${ratio.toFixed(1)}x`,
        ms(percentile(sortedPreBill, 50) + percentile(sortedIssue, 50)),
        ms(percentile(sortedPreBill, 95) + percentile(sortedIssue, 95)),
      ],
      [
        '- pre-bills',
        (preBillMs.reduce((a, b) => a + b, 0) / 1000).toFixed(2),
        '',
        ms(percentile(sortedPreBill, 50)),
        ms(percentile(sortedPreBill, 95)),
      ],
      [
        '- issues',
        (issueMs.reduce((a, b) => a + b, 0) / 1000).toFixed(2),
        '',
        ms(percentile(sortedIssue, 50)),
        ms(percentile(sortedIssue, 95)),
      ],
    ]);
    console.log('');
    const agree =
      issuedTotal === expected?.totalMinor && issuedCount === expected.matters && issuedCount === MATTERS;
    console.log(
      `issued ${check?.issued} invoices (${check?.numbers} distinct numbers), ${check?.lines} lines, ${check?.billed} entries billed; ` +
        `invoice totals ${issuedTotal.toLocaleString('en')} vs aggregate ${expected?.totalMinor.toLocaleString('en')}: ` +
        (agree ? 'agree' : 'DISAGREE'),
    );
    console.log(
      `target: under ${TARGET_SECONDS} s ${agree && seconds < TARGET_SECONDS ? 'met' : 'NOT met'}; ` +
        `at most ${TARGET_RATIO}x the aggregate ${agree && ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
  } finally {
    log('[bench] stopping PostgreSQL');
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
