/**
 * Bulk time import throughput: 100,000 entries through POST /v1/time-entries:batch (real HTTP
 * over loopback, batches of 10,000, an internal token minted as the gateway would) against a
 * same-run baseline: PostgreSQL's own `COPY … FROM STDIN` (through psql) of the same 100,000
 * rows, as the service would store them, into a scratch copy of the table (same columns,
 * constraints and indexes; no row-level security). For scale, the service's own multi-row
 * INSERT … SELECT FROM unnest(…) is also timed on its own (no HTTP, no checks) into another
 * scratch copy.
 *
 *   node -r @swc-node/register bench/time-import.ts
 *
 * Its own PostgreSQL (port 55472, data in .local/postgres-bench-import, timekeeping migrated
 * only) and a fresh Kafka broker; timekeeping runs in this process, booted as main.ts boots it. The firm
 * has 200 open matters of 20 clients (5 with a guideline that caps hours per day, so the day
 * totals are read) and 10 timekeepers, written straight into the projection and tables.
 *
 * Rounds: each of the three paths runs once per round into an empty table (time_entries is
 * truncated, the scratch copies recreated), in an order that rotates from round to round, so
 * drift on a shared machine hits all three; the table shows the median round and the range.
 *
 * Knobs (env): BENCH_IMPORT_ROWS (100000), BENCH_IMPORT_BATCH (10000), BENCH_IMPORT_ROUNDS (3),
 * BENCH_IMPORT_PG_PORT (55472).
 * Target: ≥ 10,000 rows/s through the API.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { Pool } from 'undici';
import { InternalTokenMinter, type BoundRequest } from '@lawfirm/auth';
import { topicManifest, uuidv7 } from '@lawfirm/contracts';
import { runMigrations } from '@lawfirm/database';
import { findFreePort, startKafka, type LocalKafkaHandle } from '@lawfirm/local-kafka';
import { startPostgres, type PostgresCluster } from '@lawfirm/dev-postgres';
import { createLogger } from '@lawfirm/observability';
import { createServiceApp, loadConfig } from '@lawfirm/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureLocalKeys, LOCAL_DIR, postgresDataDir } from '@lawfirm/dev-stack';
import { AppModule } from '../services/timekeeping/src/app.module';
import { TimekeepingConfig } from '../services/timekeeping/src/config';
import { ENTITIES, MIGRATIONS } from '../services/timekeeping/src/database';
import {
  allowLargeImportBodies,
  BATCH_IMPORT_PATH,
} from '../services/timekeeping/src/import/batch-body-limit';
import { log, machineLine, median, printTable } from './support';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const BATCH = Number(process.env.BENCH_IMPORT_BATCH ?? 10_000);
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const PG_PORT = Number(process.env.BENCH_IMPORT_PG_PORT ?? 55472);
const WARMUP_ROWS = 2000;
const MATTERS = 200;
const CLIENTS = 20;
const CAPPED_CLIENTS = 5;
const TIMEKEEPERS = 10;
const TARGET_ROWS_PER_SECOND = 10_000;
const UNNEST_CHUNK = 5000;

const TASKS = ['L110', 'L120', 'L130', 'L210', 'L230', 'L310', 'L320', 'L330', 'L410', 'L440'];
const ACTIVITIES = ['A101', 'A102', 'A103', 'A104', 'A105', 'A106', 'A107', 'A108'];
const VERBS = ['Reviewed', 'Drafted', 'Revised', 'Analysed', 'Prepared', 'Researched', 'Summarised'];
const OBJECTS = [
  'the deposition transcript',
  "opposing counsel's production",
  'the motion to compel',
  'the expert report',
  'settlement terms',
  'the privilege log',
];
const PURPOSES = [
  'for the partner',
  'ahead of the hearing',
  "per the client's request",
  'and flagged open issues',
  'with comments',
];

interface Entry {
  externalId: string;
  matterId: string;
  workDate: string;
  minutes: number;
  narrative: string;
  billable: boolean;
  taskCode: string;
  activityCode: string;
  timekeeperId: string;
}

interface Firm {
  firmId: string;
  matterIds: string[];
  timekeeperIds: string[];
}

/** Matters, clients' guidelines and timekeepers straight into the tables, as the projection and the API would leave them. */
async function seedFirm(pg: PostgresCluster, matters: number): Promise<Firm> {
  const firmId = randomUUID();
  const clientIds = Array.from({ length: CLIENTS }, () => randomUUID());
  const matterIds = Array.from({ length: matters }, () => randomUUID());
  const timekeeperIds = Array.from({ length: TIMEKEEPERS }, () => uuidv7());
  const client = new Client({ connectionString: pg.appUrl('timekeeping') });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
    await client.query(
      `INSERT INTO matter_projection (firm_id, matter_id, client_id, number, title, status, changed_at)
       SELECT $1, m, c, 'B-' || n, 'Bench matter ' || n, 'open', now()
         FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS t(m, c, n)`,
      [
        firmId,
        matterIds,
        matterIds.map((_id, index) => clientIds[index % CLIENTS]),
        matterIds.map((_id, index) => index + 1),
      ],
    );
    await client.query(
      `INSERT INTO billing_guidelines (id, firm_id, client_id, version, mode, rules, created_by)
       SELECT gen_random_uuid(), $1, c, 1, 'warn', '{"maxHoursPerDay": 10}', 'bench' FROM unnest($2::uuid[]) AS c`,
      [firmId, clientIds.slice(0, CAPPED_CLIENTS)],
    );
    await client.query(
      `INSERT INTO timekeepers (id, firm_id, name, classification)
       SELECT t, $1, 'Timekeeper ' || n, CASE WHEN n % 3 = 0 THEN 'PT' WHEN n % 3 = 1 THEN 'AS' ELSE 'PL' END
         FROM unnest($2::uuid[], $3::int[]) AS x(t, n)`,
      [firmId, timekeeperIds, timekeeperIds.map((_id, index) => index)],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return { firmId, matterIds, timekeeperIds };
}

function entries(firm: Firm, count: number, prefix: string): Entry[] {
  return Array.from({ length: count }, (_unused, index) => {
    const day = new Date(Date.UTC(2025, 0, 1) + (index % 365) * 86_400_000).toISOString().slice(0, 10);
    return {
      externalId: `${prefix}:${index + 2}`,
      matterId: firm.matterIds[index % firm.matterIds.length] as string,
      workDate: day,
      minutes: 6 + ((index * 37) % 235),
      narrative: `${VERBS[index % VERBS.length]} ${OBJECTS[(index >> 3) % OBJECTS.length]} ${PURPOSES[(index >> 5) % PURPOSES.length]} (ref ${index}).`,
      billable: index % 10 !== 0,
      taskCode: TASKS[index % TASKS.length] as string,
      activityCode: ACTIVITIES[(index >> 2) % ACTIVITIES.length] as string,
      timekeeperId: firm.timekeeperIds[(index >> 4) % firm.timekeeperIds.length] as string,
    };
  });
}

async function bootTimekeeping(
  pg: PostgresCluster,
  brokers: string,
  internalTokenKey: string,
  runId: string,
): Promise<{ app: NestFastifyApplication; url: string }> {
  const port = await findFreePort();
  const config = loadConfig(TimekeepingConfig, {
    PORT: String(port),
    DATABASE_URL: pg.appUrl('timekeeping'),
    KAFKA_BROKERS: brokers,
    INTERNAL_TOKEN_KEY: internalTokenKey,
    KAFKA_GROUP_PREFIX: `bench-import-${runId}.`,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'error',
  });
  const logger = createLogger('timekeeping', 'error');
  const app = await createServiceApp({
    service: 'timekeeping',
    module: AppModule.register(config, logger),
    logger,
    port,
    configure: allowLargeImportBodies,
  });
  await app.init();
  await app.startAllMicroservices();
  await app.listen({ port, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${port}` };
}

interface ImportRun {
  elapsedMs: number;
  batchMs: number[];
  created: number;
  duplicates: number;
}

/** Mints the internal token of one request (each is good for its own method and path, once). */
type TokenForRequest = (request: BoundRequest) => string;

async function importThroughApi(pool: Pool, token: TokenForRequest, rows: Entry[]): Promise<ImportRun> {
  const batchMs: number[] = [];
  let created = 0;
  let duplicates = 0;
  const started = performance.now();
  for (let start = 0; start < rows.length; start += BATCH) {
    const sent = performance.now();
    // Serialising the request is the client's share of the work, so it is inside the timing.
    const body = JSON.stringify({ mode: 'all-or-nothing', entries: rows.slice(start, start + BATCH) });
    const response = await pool.request({
      method: 'POST',
      path: BATCH_IMPORT_PATH,
      headers: {
        authorization: `Bearer ${token({ method: 'POST', url: BATCH_IMPORT_PATH })}`,
        'content-type': 'application/json',
      },
      body,
      headersTimeout: 120_000,
      bodyTimeout: 120_000,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`batch at ${start}: ${response.statusCode} ${text.slice(0, 500)}`);
    const result = JSON.parse(text) as { created: number; duplicates: number; failed: number };
    if (result.failed !== 0) throw new Error(`batch at ${start}: ${result.failed} rows failed`);
    created += result.created;
    duplicates += result.duplicates;
    batchMs.push(performance.now() - sent);
  }
  return { elapsedMs: performance.now() - started, batchMs, created, duplicates };
}

/** The rows exactly as the service stores them (billed tenths in 6-minute increments: the capped clients set none). */
function storedColumns(firm: Firm, createdBy: string, row: Entry): Array<string | number | boolean | null> {
  return [
    uuidv7(),
    firm.firmId,
    row.matterId,
    row.timekeeperId,
    'AS',
    false,
    row.workDate,
    row.minutes,
    Math.ceil(row.minutes / 6),
    row.narrative,
    row.billable,
    'draft',
    row.taskCode,
    row.activityCode,
    null,
    '[]',
    row.externalId,
    'import',
    createdBy,
  ];
}

const STORED_COLUMNS =
  'id, firm_id, matter_id, timekeeper_id, classification, outsourced, work_date, minutes, billed_tenths, narrative, billable, status, task_code, activity_code, guideline_version, violations, external_id, source, created_by';

function csvValue(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

async function scratchTable(owner: Client, name: string): Promise<void> {
  await owner.query(`DROP TABLE IF EXISTS ${name}`);
  await owner.query(`CREATE TABLE ${name} (LIKE time_entries INCLUDING ALL)`);
}

/** COPY … FROM STDIN through psql (pg-copy-streams is not a dependency): the time includes psql's start and connection. */
async function copyThroughPsql(pg: PostgresCluster, table: string, csv: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const psql = spawn(
      'psql',
      [
        pg.ownerUrl('timekeeping'),
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-c',
        `COPY ${table} (${STORED_COLUMNS}) FROM STDIN WITH (FORMAT csv)`,
      ],
      {
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    psql.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    psql.on('error', reject);
    psql.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql COPY failed (${code}): ${stderr}`)),
    );
    psql.stdin.end(csv);
  });
  return performance.now() - started;
}

async function insertWithUnnest(
  owner: Client,
  table: string,
  rows: Array<Array<string | number | boolean | null>>,
): Promise<number> {
  const types = [
    'uuid',
    'uuid',
    'uuid',
    'text',
    'text',
    'boolean',
    'date',
    'int',
    'int',
    'text',
    'boolean',
    'text',
    'text',
    'text',
    'int',
    'jsonb',
    'text',
    'text',
    'text',
  ];
  const started = performance.now();
  await owner.query('BEGIN');
  for (let start = 0; start < rows.length; start += UNNEST_CHUNK) {
    const chunk = rows.slice(start, start + UNNEST_CHUNK);
    await owner.query(
      `INSERT INTO ${table} (${STORED_COLUMNS}) SELECT * FROM unnest(${types.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})`,
      types.map((_type, column) => chunk.map((row) => row[column])),
    );
  }
  await owner.query('COMMIT');
  return performance.now() - started;
}

type PathName = 'copy' | 'unnest' | 'api';
const PATH_ORDER: PathName[] = ['copy', 'api', 'unnest'];

async function main(): Promise<void> {
  const runId = randomUUID().slice(0, 8);
  const keys = await ensureLocalKeys(join(LOCAL_DIR, 'keys.json'));
  log(`[bench] PostgreSQL on ${PG_PORT} (.local/postgres-bench-import), migrating timekeeping`);
  const pg = await startPostgres({
    port: PG_PORT,
    dataDir: postgresDataDir('bench-import'),
    quiet: true,
  });
  let kafka: LocalKafkaHandle | undefined;
  let app: NestFastifyApplication | undefined;
  let pool: Pool | undefined;
  const owner = new Client({ connectionString: pg.ownerUrl('timekeeping') });
  try {
    await runMigrations(
      {
        url: pg.ownerUrl('timekeeping'),
        entities: ENTITIES,
        migrations: MIGRATIONS,
        applicationName: 'timekeeping-migrate',
      },
      pg.appRole('timekeeping'),
    );
    kafka = await startKafka({
      port: 0,
      dataDir: join(LOCAL_DIR, 'kafka-runs', `bench-import-${runId}`),
      fresh: true,
      topics: topicManifest(),
    });
    log(`[bench] broker on ${kafka.brokers}; booting timekeeping in this process`);
    const booted = await bootTimekeeping(pg, kafka.brokers, keys.internalTokenKeys.timekeeping, runId);
    app = booted.app;
    pool = new Pool(booted.url, { connections: 2, keepAliveTimeout: 30_000 });
    const minter = new InternalTokenMinter(
      keys.internalTokenKeys.timekeeping,
      'lawfirm-gateway',
      'timekeeping',
    );
    const subject = randomUUID();
    const tokenFor =
      (firmId: string): TokenForRequest =>
      (request) =>
        minter.mint(
          { firmId, subject, actorType: 'user', roles: ['firm-admin', 'billing'], scopes: [] },
          request,
        );
    await owner.connect();

    const warmupFirm = await seedFirm(pg, 20);
    const firm = await seedFirm(pg, MATTERS);
    const token = tokenFor(firm.firmId);
    const rows = entries(firm, ROWS, `history-${runId}.csv`);
    const storedRows = rows.map((row) => storedColumns(firm, subject, row));
    const csv = storedRows.map((row) => row.map(csvValue).join(',')).join('\n') + '\n';
    log(`[bench] warm-up: ${WARMUP_ROWS.toLocaleString('en-US')} rows for another firm`);
    await importThroughApi(pool, tokenFor(warmupFirm.firmId), entries(warmupFirm, WARMUP_ROWS, 'warm-up'));

    const timings: Record<PathName, number[]> = { copy: [], unnest: [], api: [] };
    const batchMs: number[] = [];
    let flagged = 0;
    const apiPool = pool;
    const runPath: Record<PathName, () => Promise<number>> = {
      copy: async () => {
        await scratchTable(owner, 'bench_copy_time_entries');
        return copyThroughPsql(pg, 'bench_copy_time_entries', csv);
      },
      unnest: async () => {
        await scratchTable(owner, 'bench_unnest_time_entries');
        return insertWithUnnest(owner, 'bench_unnest_time_entries', storedRows);
      },
      api: async () => {
        const run = await importThroughApi(apiPool, token, rows);
        if (run.created !== ROWS) throw new Error(`expected ${ROWS} created, got ${run.created}`);
        batchMs.push(...run.batchMs);
        // Row-level security is forced on the owner too: read as the firm.
        await owner.query('BEGIN');
        await owner.query(`SELECT set_config('app.firm_id', $1, true)`, [firm.firmId]);
        const counted = await owner.query<{ entries: number; flagged: number }>(
          `SELECT count(*)::int AS entries, count(*) FILTER (WHERE violations <> '[]')::int AS flagged FROM time_entries`,
        );
        await owner.query('COMMIT');
        if (counted.rows[0]?.entries !== ROWS) {
          throw new Error(`expected ${ROWS} stored entries, found ${counted.rows[0]?.entries}`);
        }
        flagged = counted.rows[0].flagged;
        return run.elapsedMs;
      },
    };

    let retryMs = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Every round starts from an empty table, so later rounds do not pay for bigger indexes.
      await owner.query('TRUNCATE time_entries');
      const order = PATH_ORDER.map(
        (_path, index) => PATH_ORDER[(index + round - 1) % PATH_ORDER.length] as PathName,
      );
      for (const path of order) {
        const elapsedMs = await runPath[path]();
        timings[path].push(elapsedMs);
        log(`[bench] round ${round}/${ROUNDS} ${path}: ${(elapsedMs / 1000).toFixed(2)} s`);
      }
      if (round === ROUNDS) {
        const retry = await importThroughApi(apiPool, token, rows.slice(0, BATCH));
        if (retry.duplicates !== Math.min(BATCH, ROWS)) {
          throw new Error(`retry: expected ${BATCH} duplicates, got ${retry.duplicates}`);
        }
        retryMs = retry.elapsedMs;
      }
    }
    await owner.query('DROP TABLE bench_copy_time_entries');
    await owner.query('DROP TABLE bench_unnest_time_entries');

    const rate = (ms: number): number => ROWS / (ms / 1000);
    const copyRate = rate(median(timings.copy));
    const apiRate = rate(median(timings.api));
    const line = (label: string, path: PathName): string[] => {
      const medianMs = median(timings[path]);
      const range = `${(Math.min(...timings[path]) / 1000).toFixed(2)}–${(Math.max(...timings[path]) / 1000).toFixed(2)}`;
      return [
        label,
        ROWS.toLocaleString('en-US'),
        (medianMs / 1000).toFixed(2),
        range,
        Math.round(rate(medianMs)).toLocaleString('en-US'),
        (rate(medianMs) / copyRate).toFixed(2),
      ];
    };
    console.log(
      `Bulk time import: ${ROWS.toLocaleString('en-US')} entries, ${ROUNDS} rounds — ${machineLine()}`,
    );
    console.log('');
    printTable([
      ['path', 'rows', 'median s', 'range s', 'rows/s', 'vs COPY'],
      line('COPY … FROM STDIN via psql (baseline)', 'copy'),
      line('INSERT … SELECT FROM unnest, 5,000/statement', 'unnest'),
      line(`POST ${BATCH_IMPORT_PATH}, ${Math.ceil(ROWS / BATCH)} × ${BATCH.toLocaleString('en-US')}`, 'api'),
    ]);
    console.log('');
    console.log(
      `per API batch of ${BATCH.toLocaleString('en-US')}: median ${median(batchMs).toFixed(0)} ms, slowest ${Math.max(...batchMs).toFixed(0)} ms; ` +
        `retried batch (all duplicates): ${retryMs.toFixed(0)} ms; entries with guideline findings: ${flagged.toLocaleString('en-US')}`,
    );
    console.log(
      `target ≥ ${TARGET_ROWS_PER_SECOND.toLocaleString('en-US')} rows/s through the API: ${apiRate >= TARGET_ROWS_PER_SECOND ? 'met' : 'NOT met'}`,
    );
  } finally {
    await pool?.close();
    await app?.close();
    await owner.end().catch(() => undefined);
    await kafka?.stop();
    pg.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
