/**
 * What the gateway costs: `GET /v1/matters/:id` (a) through the gateway with the firm
 * administrator's access token and (b) straight to the intake service with an internal token
 * minted as the gateway would. Same matter, same client, same concurrency; the direct call is
 * the same-run baseline. Rounds alternate a/b/a/b so drift on a shared machine hits both.
 *
 *   node -r @swc-node/register bench/gateway-overhead.ts
 *
 * Also printed: CPU time per request by process, and how far the audit trail (one record per
 * gateway request) runs behind. The gateway runs with RATE_LIMIT_PER_MINUTE raised: the default
 * (1,200 a minute per user) would make this a test of the rate limiter.
 *
 * Knobs (env): BENCH_CONCURRENCY (16), BENCH_ROUND_SECONDS (10), BENCH_WARMUP_SECONDS (3),
 * BENCH_PG_PORT (55452: pick another when a test cluster already listens there, or the bench
 * provisions its databases in that cluster and reads PostgreSQL's CPU as 0).
 * Target: gateway throughput ≥ 0.6× direct, gateway CPU ≤ 0.5 ms per request.
 *
 * To see where the gateway's time goes, profile its process during a gateway round (the figures in
 * bench/README.md came from the V8 profiler started through node:inspector in the gateway process).
 * Nest's shutdown hooks listen to SIGUSR2, so a profiler toggled by signal must use another one.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { Pool } from 'undici';
import { InternalTokenMinter } from '@lawfirm/auth';
import { TOPICS } from '@lawfirm/contracts';
import { allProcesses, cpuMsOf, postgresProcesses } from './proc';
import { postgresDataDir } from '@lawfirm/dev-stack';
import {
  BENCH_PG_NAME,
  createFirm,
  GatewayApi,
  log,
  machineLine,
  ms,
  percentile,
  printTable,
  sleep,
  sortedCopy,
  withBenchStack,
  type BenchStack,
} from './support';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
/** A hard cap per round, whatever the duration: keeps the loop bounded in count as well as time. */
const MAX_REQUESTS_PER_ROUND = 500_000;
/** How long to wait for the audit trail to catch up between rounds. */
const QUIESCE_TIMEOUT_MS = 180_000;
/** The chain has stopped short when it has not grown for this long. */
const STALL_MS = 15_000;
const ROLES = ['firm-admin', 'attorney', 'billing'];
const TARGET_RATIO = 0.6;

type Path = 'gateway' | 'direct';

interface RoundResult {
  path: Path;
  elapsedMs: number;
  latencies: number[];
  statuses: Map<number, number>;
  failures: number;
  /** CPU ms spent by each process group during the round. */
  cpuMs: Record<string, number>;
  /** The same, up to the moment the round's audit records were all chained (gateway rounds). */
  cpuWithAuditMs: Record<string, number>;
}

interface Target {
  pool: Pool;
  path: string;
  headers: () => Record<string, string>;
}

/** Every SAMPLE_MS while the load runs, `onSample` gets the number of requests answered so far. */
const SAMPLE_MS = 500;

async function runLoad(
  target: Target,
  seconds: number,
  onSample?: (answered: number) => Promise<void>,
): Promise<Omit<RoundResult, 'path' | 'cpuMs' | 'cpuWithAuditMs'>> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let failures = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && issued < MAX_REQUESTS_PER_ROUND) {
      issued += 1;
      const sent = performance.now();
      try {
        const response = await target.pool.request({
          method: 'GET',
          path: target.path,
          headers: target.headers(),
        });
        await response.body.arrayBuffer();
        latencies.push(performance.now() - sent);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      } catch {
        failures += 1;
      }
    }
  };
  const sampler = async (): Promise<void> => {
    if (!onSample) return;
    while (performance.now() + SAMPLE_MS < deadline) {
      await sleep(SAMPLE_MS);
      await onSample(latencies.length + failures);
    }
  };
  await Promise.all([...Array.from({ length: CONCURRENCY }, () => worker()), sampler()]);
  return { elapsedMs: performance.now() - started, latencies, statuses, failures };
}

/** Process groups whose CPU time is attributed: the services on the path, PostgreSQL, and this client. */
function cpuGroups(bench: BenchStack): Record<string, () => number> {
  const pid = (service: keyof BenchStack['stack']['processes']): number =>
    bench.stack.processes[service].pid ?? -1;
  return {
    gateway: () => cpuMsOf([pid('gateway')]),
    intake: () => cpuMsOf([pid('intake')]),
    'admin-gateway': () => cpuMsOf([pid('admin-gateway')]),
    postgres: () =>
      cpuMsOf(postgresProcesses(postgresDataDir(BENCH_PG_NAME), allProcesses()).map((info) => info.pid)),
    'this client': () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    },
  };
}

function snapshot(groups: Record<string, () => number>): Record<string, number> {
  return Object.fromEntries(Object.entries(groups).map(([name, read]) => [name, read()]));
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after).map((name) => [name, (after[name] ?? 0) - (before[name] ?? 0)]),
  );
}

/**
 * Every gateway request leaves an audit record: the gateway buffers it in memory, writes it
 * to its outbox in batches, the relay sends it to Kafka and the admin gateway chains it.
 * Counts for one firm, read straight from the two databases as their owners.
 */
class AuditTrail {
  private constructor(
    private readonly gatewayDb: Client,
    private readonly adminDb: Client,
    private readonly firmId: string,
  ) {}

  static async open(bench: BenchStack, firmId: string): Promise<AuditTrail> {
    const gatewayDb = new Client({ connectionString: bench.infra.pg.ownerUrl('gateway') });
    const adminDb = new Client({ connectionString: bench.infra.pg.ownerUrl('admin-gateway') });
    await gatewayDb.connect();
    await adminDb.connect();
    return new AuditTrail(gatewayDb, adminDb, firmId);
  }

  async close(): Promise<void> {
    await this.gatewayDb.end();
    await this.adminDb.end();
  }

  /** Audit records of the firm in the gateway's outbox (persisted, sent or not). */
  persisted(): Promise<number> {
    return this.count(this.gatewayDb, `SELECT count(*) AS n FROM outbox WHERE topic = $1`, [
      TOPICS.audit.name,
    ]);
  }

  /** Records chained for the firm by the admin gateway. */
  chained(): Promise<number> {
    return this.count(
      this.adminDb,
      `SELECT coalesce(max(last_seq), 0) AS n FROM audit_chain_heads WHERE firm_id = $1`,
      [this.firmId],
    );
  }

  private async count(db: Client, sql: string, params: unknown[]): Promise<number> {
    await db.query('BEGIN');
    try {
      await db.query(`SELECT set_config('app.firm_id', $1, true)`, [this.firmId]);
      const { rows } = await db.query<{ n: string }>(sql, params);
      return Number(rows[0]?.n ?? 0);
    } finally {
      await db.query('COMMIT');
    }
  }

  /**
   * Waits (bounded) until every record since `from` is in the outbox and chained, so one
   * round's deferred work does not land on the next. Returns when each happened (ms after the
   * call), or how many records were never chained when the chain stopped growing short of them.
   */
  async settle(from: { persisted: number; chained: number }, expected: number): Promise<AuditSettle> {
    const started = Date.now();
    let persistedAfterMs: number | undefined;
    let lastChained = -1;
    let lastProgress = Date.now();
    while (Date.now() - started < QUIESCE_TIMEOUT_MS) {
      const persisted = (await this.persisted()) - from.persisted;
      if (persistedAfterMs === undefined && persisted >= expected) persistedAfterMs = Date.now() - started;
      const chained = (await this.chained()) - from.chained;
      if (chained !== lastChained) {
        lastChained = chained;
        lastProgress = Date.now();
      }
      if (persistedAfterMs !== undefined && chained >= persisted) {
        return { persistedAfterMs, chainedAfterMs: Date.now() - started, unchained: 0 };
      }
      if (persistedAfterMs !== undefined && Date.now() - lastProgress > STALL_MS) {
        log(`[bench] the audit chain stopped ${persisted - chained} records short of the gateway outbox`);
        return { persistedAfterMs, chainedAfterMs: undefined, unchained: persisted - chained };
      }
      await sleep(100);
    }
    log(`[bench] audit trail still busy after ${QUIESCE_TIMEOUT_MS / 1000} s; going on`);
    const unchained = (await this.persisted()) - from.persisted - ((await this.chained()) - from.chained);
    return { persistedAfterMs, chainedAfterMs: undefined, unchained };
  }

  async mark(): Promise<{ persisted: number; chained: number }> {
    return { persisted: await this.persisted(), chained: await this.chained() };
  }
}

interface AuditSettle {
  persistedAfterMs: number | undefined;
  chainedAfterMs: number | undefined;
  /** Records in the gateway outbox that the chain never got (it stopped growing short of them). */
  unchained: number;
}

interface GatewayAudit extends AuditSettle {
  /** Most requests answered whose audit record was not yet in the gateway's outbox (sampled). */
  maxInMemory: number;
  rps: number;
}

async function main(bench: BenchStack): Promise<void> {
  const firm = await createFirm(bench.infra.pg, ROLES);
  const api = await GatewayApi.login(bench.gatewayUrl, firm);
  const client = await api.expect<{ id: string }>(201, 'POST', '/v1/clients', {
    kind: 'company',
    name: 'Bench Holdings',
  });
  const matter = await api.expect<{ id: string; number: string }>(201, 'POST', '/v1/matters', {
    clientId: client.id,
    title: 'Bench v. Baseline',
  });
  const path = `/v1/matters/${matter.id}`;

  const minter = new InternalTokenMinter(bench.keys.internalTokenKeys.intake, 'lawfirm-gateway', 'intake');
  const claims = {
    firmId: firm.firmId,
    subject: api.subject(),
    actorType: 'user' as const,
    roles: ROLES,
    scopes: [],
  };
  // One per request, as the gateway mints them: intake accepts each token once, for this GET only.
  const internalToken = (): string => minter.mint(claims, { method: 'GET', url: path });

  const gatewayPool = new Pool(bench.stack.urls.gateway, {
    connections: CONCURRENCY,
    pipelining: 1,
    keepAliveTimeout: 30_000,
  });
  const intakePool = new Pool(bench.stack.urls.intake, {
    connections: CONCURRENCY,
    pipelining: 1,
    keepAliveTimeout: 30_000,
  });
  const rounds: RoundResult[] = [];
  const audits: GatewayAudit[] = [];
  const targets: Record<Path, Target> = {
    gateway: { pool: gatewayPool, path, headers: () => ({ authorization: `Bearer ${api.token}` }) },
    direct: { pool: intakePool, path, headers: () => ({ authorization: `Bearer ${internalToken()}` }) },
  };
  try {
    // Both answer the same matter before anything is timed.
    for (const which of ['gateway', 'direct'] as const) {
      const response = await targets[which].pool.request({
        method: 'GET',
        path,
        headers: targets[which].headers(),
      });
      const body = (await response.body.json()) as { id?: string; number?: string };
      if (response.statusCode !== 200 || body.id !== matter.id) {
        throw new Error(`${which}: GET ${path} answered ${response.statusCode} ${JSON.stringify(body)}`);
      }
    }

    const trail = await AuditTrail.open(bench, firm.firmId);
    try {
      log(`[bench] warm-up: ${WARMUP_SECONDS} s each path`);
      let mark = await trail.mark();
      const warmup = await runLoad(targets.gateway, WARMUP_SECONDS);
      await trail.settle(mark, warmup.latencies.length + warmup.failures);
      await runLoad(targets.direct, WARMUP_SECONDS);

      const groups = cpuGroups(bench);
      for (const which of ['gateway', 'direct', 'gateway', 'direct'] as const) {
        log(`[bench] round ${rounds.length + 1}: ${which}, ${ROUND_SECONDS} s at concurrency ${CONCURRENCY}`);
        mark = await trail.mark();
        const from = mark;
        let maxInMemory = 0;
        const sample =
          which === 'gateway'
            ? async (answered: number): Promise<void> => {
                maxInMemory = Math.max(maxInMemory, answered - ((await trail.persisted()) - from.persisted));
              }
            : undefined;
        const before = snapshot(groups);
        const result = await runLoad(targets[which], ROUND_SECONDS, sample);
        const cpuMs = difference(snapshot(groups), before);
        if (which === 'gateway') {
          const settled = await trail.settle(from, result.latencies.length + result.failures);
          rounds.push({
            path: which,
            ...result,
            cpuMs,
            cpuWithAuditMs: difference(snapshot(groups), before),
          });
          const rps = (result.latencies.length / result.elapsedMs) * 1000;
          audits.push({ ...settled, maxInMemory, rps });
          log(
            `[bench]   ${result.latencies.length} requests; up to ${maxInMemory} audit records only in gateway memory; ` +
              `all in its outbox ${seconds(settled.persistedAfterMs)} after the round; ` +
              (settled.unchained
                ? `${settled.unchained} never chained`
                : `all chained ${seconds(settled.chainedAfterMs)} after`),
          );
        } else {
          rounds.push({ path: which, ...result, cpuMs, cpuWithAuditMs: cpuMs });
          log(`[bench]   ${result.latencies.length} requests`);
        }
      }
    } finally {
      await trail.close();
    }
    report(rounds, audits, matter.number);
  } finally {
    await gatewayPool.close();
    await intakePool.close();
  }
}

function seconds(valueMs: number | undefined): string {
  return valueMs === undefined ? `> ${QUIESCE_TIMEOUT_MS / 1000} s` : `${(valueMs / 1000).toFixed(1)} s`;
}

interface PathSummary {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  other: string;
}

function summarise(rounds: RoundResult[]): PathSummary {
  const latencies = sortedCopy(rounds.flatMap((round) => round.latencies));
  const elapsed = rounds.reduce((sum, round) => sum + round.elapsedMs, 0);
  const statuses = new Map<number, number>();
  let failures = 0;
  for (const round of rounds) {
    failures += round.failures;
    for (const [status, count] of round.statuses) statuses.set(status, (statuses.get(status) ?? 0) + count);
  }
  const other = [...statuses]
    .filter(([status]) => status !== 200)
    .map(([status, count]) => `${count}×${status}`);
  if (failures) other.push(`${failures} failed`);
  return {
    requests: latencies.length,
    rps: (latencies.length / elapsed) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    other: other.join(', ') || '0',
  };
}

function report(rounds: RoundResult[], audits: GatewayAudit[], matterNumber: string): void {
  console.log(
    `\nGET /v1/matters/:id (matter ${matterNumber}), concurrency ${CONCURRENCY}, ${rounds.length} rounds of ${ROUND_SECONDS} s; ${machineLine()}\n`,
  );
  printTable([
    ['round', 'path', 'requests', 'req/s', 'p50', 'p99', 'non-200'],
    ...rounds.map((round, index) => {
      const summary = summarise([round]);
      return [
        String(index + 1),
        round.path,
        String(summary.requests),
        summary.rps.toFixed(0),
        ms(summary.p50),
        ms(summary.p99),
        summary.other,
      ];
    }),
  ]);
  const gateway = summarise(rounds.filter((round) => round.path === 'gateway'));
  const direct = summarise(rounds.filter((round) => round.path === 'direct'));
  console.log('');
  printTable([
    ['path', 'requests', 'req/s', 'p50', 'p99', 'non-200'],
    [
      '(a) via gateway',
      String(gateway.requests),
      gateway.rps.toFixed(0),
      ms(gateway.p50),
      ms(gateway.p99),
      gateway.other,
    ],
    [
      '(b) direct to intake',
      String(direct.requests),
      direct.rps.toFixed(0),
      ms(direct.p50),
      ms(direct.p99),
      direct.other,
    ],
  ]);

  // CPU per request shows where the gateway's cost lands on a 2-core machine.
  const groupNames = Object.keys(rounds[0]?.cpuMs ?? {});
  const perRequest = (path: Path, group: string, withAudit = false): number => {
    const selected = rounds.filter((round) => round.path === path);
    const cpu = selected.reduce(
      (sum, round) => sum + ((withAudit ? round.cpuWithAuditMs : round.cpuMs)[group] ?? 0),
      0,
    );
    const requests = selected.reduce((sum, round) => sum + round.latencies.length, 0);
    return requests ? (cpu / requests) * 1000 : NaN;
  };
  const total = (path: Path, withAudit = false): string =>
    groupNames.reduce((sum, group) => sum + perRequest(path, group, withAudit), 0).toFixed(0);
  console.log(
    "\nCPU time per request, µs (the gateway's audit work runs partly after its round; the second column adds it):\n",
  );
  printTable([
    ['process', 'via gateway: round', 'round + until chained', 'direct: round'],
    ...groupNames.map((group) => [
      group,
      perRequest('gateway', group).toFixed(0),
      perRequest('gateway', group, true).toFixed(0),
      perRequest('direct', group).toFixed(0),
    ]),
    ['total', total('gateway'), total('gateway', true), total('direct')],
  ]);
  // The audit record of a request is written after the response; how far behind it runs is part of the cost.
  console.log('\nAudit records of the gateway rounds (one per request):\n');
  printTable([
    [
      'gateway round',
      'req/s',
      'max only in gateway memory',
      'all in its outbox',
      'all chained',
      'never chained',
    ],
    ...audits.map((audit, index) => [
      String(index + 1),
      audit.rps.toFixed(0),
      `${audit.maxInMemory} (${(audit.maxInMemory / audit.rps).toFixed(1)} s of traffic)`,
      `${seconds(audit.persistedAfterMs)} after the round`,
      audit.chainedAfterMs === undefined ? 'no' : `${seconds(audit.chainedAfterMs)} after`,
      String(audit.unchained),
    ]),
  ]);
  console.log(
    `(sampled every ${SAMPLE_MS} ms: requests answered minus the firm's audit rows in the gateway outbox)`,
  );

  const ratio = gateway.rps / direct.rps;
  const lost = audits.reduce((sum, audit) => sum + audit.unchained, 0);
  console.log(
    `\nSUMMARY gateway-overhead: via gateway ${gateway.rps.toFixed(0)} req/s (p50 ${ms(gateway.p50)}, p99 ${ms(gateway.p99)}) vs ` +
      `direct ${direct.rps.toFixed(0)} req/s (p50 ${ms(direct.p50)}, p99 ${ms(direct.p99)}); ratio ${ratio.toFixed(2)}× ` +
      `(target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})` +
      (lost ? `; WARNING ${lost} audit records never chained` : ''),
  );
}

void withBenchStack({ rateLimitPerMinute: 100_000_000 }, main);
