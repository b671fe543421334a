/**
 * Shared pieces of the benchmarks: a private stack on free ports (its own PostgreSQL data dir
 * and port, its own broker), a firm with an administrator, a small JSON client, and the
 * statistics and table printing. Everything talks to 127.0.0.1 only.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { hashSecret } from '@lawfirm/auth';
import { findFreePort } from '@lawfirm/local-kafka';
import { SERVICES, type ServiceName } from '@lawfirm/contracts';
import type { PostgresCluster } from '@lawfirm/dev-postgres';
import {
  ensureLocalKeys,
  LOCAL_DIR,
  migrateAll,
  startInfra,
  startStack,
  type Infra,
  type LocalKeys,
  type RunningStack,
} from '@lawfirm/dev-stack';

/** The benchmarks' own cluster: not the dev one (55432) nor the tests' (55442). */
export const BENCH_PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55452);
export const BENCH_PG_NAME = 'bench';

export interface BenchStack {
  infra: Infra;
  stack: RunningStack;
  keys: LocalKeys;
  gatewayUrl: string;
  logDir: string;
  stop(): Promise<void>;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * PostgreSQL (own data dir), a fresh Kafka broker and every service on free ports. With
 * `rateLimitPerMinute` the gateway is restarted with that RATE_LIMIT_PER_MINUTE: the default
 * (1,200 a minute per user) would turn a single-user load test into a test of the limiter.
 */
export async function startBenchStack(options: { rateLimitPerMinute?: number } = {}): Promise<BenchStack> {
  const ports = {} as Record<ServiceName, number>;
  for (const service of SERVICES) ports[service] = await findFreePort();
  const runId = randomUUID().slice(0, 8);
  const logDir = join(LOCAL_DIR, 'logs', `bench-${runId}`);
  log(
    `[bench] starting PostgreSQL on ${BENCH_PG_PORT} (.local/postgres-${BENCH_PG_NAME}) and a fresh Kafka broker`,
  );
  const infra = await startInfra({ pgPort: BENCH_PG_PORT, kafkaPort: 0, name: BENCH_PG_NAME, quiet: true });
  const stopInfra = async (): Promise<void> => {
    await infra.stop().catch((error: unknown) => log(`[bench] broker stop failed: ${String(error)}`));
    try {
      infra.pg.stop();
    } catch (error) {
      log(`[bench] PostgreSQL stop failed: ${String(error)}`);
    }
  };
  let stack: RunningStack;
  const keys = await ensureLocalKeys(join(LOCAL_DIR, 'keys.json'));
  try {
    await migrateAll(infra.pg, () => undefined);
    log(`[bench] starting the services (logs: ${logDir})`);
    stack = await startStack({
      infra,
      ports,
      keys,
      logDir,
      groupPrefix: `bench-${runId}.`,
      kafkaSessionTimeoutMs: 6000,
    });
  } catch (error) {
    await stopInfra();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await stack.stop().catch((error: unknown) => log(`[bench] stack stop failed: ${String(error)}`));
    await stopInfra();
  };
  try {
    if (options.rateLimitPerMinute !== undefined) {
      // startStack takes no extra variables; its env record is what restart() launches with.
      stack.env.gateway.RATE_LIMIT_PER_MINUTE = String(options.rateLimitPerMinute);
      await stack.restart('gateway');
    }
    // BENCH_NODE_OPTIONS_<SERVICE> (e.g. BENCH_NODE_OPTIONS_GATEWAY='-r /tmp/profiler.js'): that
    // service is restarted with those NODE_OPTIONS, to profile one process under the load.
    for (const service of SERVICES) {
      const nodeOptions = process.env[`BENCH_NODE_OPTIONS_${service.toUpperCase().replace(/-/g, '_')}`];
      if (!nodeOptions) continue;
      stack.env[service].NODE_OPTIONS = nodeOptions;
      await stack.restart(service);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { infra, stack, keys, gatewayUrl: stack.urls.gateway, logDir, stop };
}

/**
 * Runs `body` with a stack and always stops it: on success, on error and on Ctrl-C.
 * Exits the process with 0 (figures printed) or 1 (the benchmark could not run).
 */
export async function withBenchStack(
  options: { rateLimitPerMinute?: number },
  body: (bench: BenchStack) => Promise<void>,
): Promise<never> {
  let bench: BenchStack | undefined;
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) return;
    interrupted = true;
    log('[bench] interrupted; stopping the stack');
    void (bench?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code = 0;
  try {
    bench = await startBenchStack(options);
    await body(bench);
  } catch (error) {
    code = 1;
    log(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    if (!interrupted) {
      log('[bench] stopping the stack');
      await bench?.stop();
    }
  }
  process.exit(code);
}

export interface BenchFirm {
  firmId: string;
  slug: string;
  adminEmail: string;
  password: string;
}

/** A firm and its administrator straight in the gateway's database, as an operator would (cf. test/e2e). */
export async function createFirm(
  pg: PostgresCluster,
  roles = ['firm-admin', 'attorney', 'billing'],
): Promise<BenchFirm> {
  const firmId = randomUUID();
  const slug = `bench-${firmId.slice(0, 8)}`;
  const firm: BenchFirm = { firmId, slug, adminEmail: `admin@${slug}.test`, password: `pw-${randomUUID()}` };
  const client = new Client({ connectionString: pg.ownerUrl('gateway') });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
    await client.query(`INSERT INTO firms (id, slug, name) VALUES ($1, $2, $3)`, [
      firmId,
      slug,
      `Firm ${slug}`,
    ]);
    await client.query(
      `INSERT INTO users (id, firm_id, email, display_name, password_hash, roles) VALUES (gen_random_uuid(), $1, $2, 'Admin', $3, $4)`,
      [firmId, firm.adminEmail, await hashSecret(firm.password), roles],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return firm;
}

export interface JsonResponse<T> {
  status: number;
  body: T;
}

/** A small JSON client for the gateway (fetch; the measured loops use their own undici pools). */
export class GatewayApi {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  static async login(baseUrl: string, firm: BenchFirm): Promise<GatewayApi> {
    const response = await fetch(`${baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: firm.adminEmail,
        password: firm.password,
      }),
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { access_token: string };
    return new GatewayApi(baseUrl, body.access_token);
  }

  /** The `sub` claim of the access token (the user id), read without verifying. */
  subject(): string {
    const payload = this.token.split('.')[1] ?? '';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string };
    if (!claims.sub) throw new Error('access token has no subject');
    return claims.sub;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON; keep the text for the error message
    }
    return { status: response.status, body: parsed as T };
  }

  /** Like call, but throws unless the status is the expected one. */
  async expect<T>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.call<T>(method, path, body);
    if (response.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }
}

/** Polls `probe` until it returns a value, at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `${what}: not within ${timeoutMs / 1000} s${lastError ? ` (last error: ${String(lastError)})` : ''}`,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` for each item with at most `concurrency` in flight; results in item order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, () => worker()));
  return results;
}

/** Nearest-rank percentile of an already sorted array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function median(values: readonly number[]): number {
  return percentile(sortedCopy(values), 50);
}

/** Prints rows as an aligned text table (first row = header) to stdout. */
export function printTable(rows: ReadonlyArray<ReadonlyArray<string>>): void {
  const widths =
    rows[0]?.map((_cell, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: ReadonlyArray<string>): string =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  const [header, ...body] = rows;
  if (!header) return;
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of body) console.log(line(row));
}

export function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

/**
 * The commit measured, with `+dirty` when files outside bench/ differ from it. BENCH_REVISION
 * names it instead, for a copy of the tree without .git (e.g. `git archive` of a commit).
 */
export function revision(): string {
  if (process.env.BENCH_REVISION) return process.env.BENCH_REVISION;
  try {
    const root = join(__dirname, '..');
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', '.', ':!bench'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return changed ? `${head}+dirty` : head;
  } catch {
    return 'unknown revision';
  }
}

/** One line that says where, when and on what the figures were taken. */
export function machineLine(): string {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, node ${process.version}, load average ${load}, ${revision()}`;
}
