/**
 * What the gateway costs: `GET /v1/matters/:id` (a) through the gateway with the firm
 * administrator's access token and (b) straight to the intake service with an internal token
 * minted as the gateway would. Same matter, same client, same concurrency; the direct call is
 * the same-run baseline. Rounds alternate a/b/a/b so drift on a shared machine hits both.
 *
 *   node -r @swc-node/register bench/gateway-overhead.ts
 *
 * Knobs (env): BENCH_CONCURRENCY (16), BENCH_ROUND_SECONDS (10), BENCH_WARMUP_SECONDS (3).
 * Target: gateway throughput ≥ 0.6× direct.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { Pool } from 'undici';
import { loadSigningKey, TokenIssuer } from '@lawfirm/auth';
import { allProcesses, cpuMsOf, postgresProcesses } from './proc';
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
}

interface Target {
  pool: Pool;
  path: string;
  headers: () => Record<string, string>;
}

async function runLoad(target: Target, seconds: number): Promise<Omit<RoundResult, 'path' | 'cpuMs'>> {
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
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
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
      cpuMsOf(postgresProcesses(`postgres-${BENCH_PG_NAME}`, allProcesses()).map((info) => info.pid)),
    'this client': () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    },
  };
}

function snapshot(groups: Record<string, () => number>): Record<string, number> {
  return Object.fromEntries(Object.entries(groups).map(([name, read]) => [name, read()]));
}

/**
 * Every gateway request leaves an audit record that travels gateway outbox → Kafka →
 * admin-gateway, which chains it. Waits until the gateway outbox is sent and the firm's chain
 * stops growing, so one round's deferred work does not land on the next; returns how long that
 * took and how many records were chained meanwhile.
 */
async function quiesce(bench: BenchStack, firmId: string): Promise<{ waitedMs: number; chained: number }> {
  const gateway = new Client({ connectionString: bench.infra.pg.ownerUrl('gateway') });
  const admin = new Client({ connectionString: bench.infra.pg.ownerUrl('admin-gateway') });
  await gateway.connect();
  await admin.connect();
  try {
    const unsent = async (): Promise<number> => {
      await gateway.query('BEGIN');
      await gateway.query(`SELECT set_config('app.scope', 'outbox-relay', true)`);
      const { rows } = await gateway.query<{ count: string }>(
        `SELECT count(*) FROM outbox WHERE sent_at IS NULL`,
      );
      await gateway.query('COMMIT');
      return Number(rows[0]?.count ?? 0);
    };
    const chainLength = async (): Promise<number> => {
      await admin.query('BEGIN');
      await admin.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
      const { rows } = await admin.query<{ last_seq: string }>(
        `SELECT last_seq FROM audit_chain_heads WHERE firm_id = $1`,
        [firmId],
      );
      await admin.query('COMMIT');
      return Number(rows[0]?.last_seq ?? 0);
    };
    const started = Date.now();
    const first = await chainLength();
    let last = first;
    let stableSince = Date.now();
    while (Date.now() - started < QUIESCE_TIMEOUT_MS) {
      await sleep(250);
      const now = await chainLength();
      if (now !== last) {
        last = now;
        stableSince = Date.now();
        continue;
      }
      if (Date.now() - stableSince >= 1000 && (await unsent()) === 0) {
        return { waitedMs: stableSince - started, chained: last - first };
      }
    }
    log(`[bench] audit trail still busy after ${QUIESCE_TIMEOUT_MS / 1000} s; going on`);
    return { waitedMs: Date.now() - started, chained: last - first };
  } finally {
    await gateway.end();
    await admin.end();
  }
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

  const issuer = new TokenIssuer(await loadSigningKey(bench.keys.gatewaySigningKey), 'lawfirm-gateway');
  const claims = {
    firmId: firm.firmId,
    subject: api.subject(),
    actorType: 'user' as const,
    roles: ROLES,
    scopes: [],
  };
  // Minted per round with room to spare; the gateway mints one per request (60 s), which is part of its cost.
  let internalToken = await issuer.sign('intake', claims, 900);

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
  const targets: Record<Path, Target> = {
    gateway: { pool: gatewayPool, path, headers: () => ({ authorization: `Bearer ${api.token}` }) },
    direct: { pool: intakePool, path, headers: () => ({ authorization: `Bearer ${internalToken}` }) },
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

    log(`[bench] warm-up: ${WARMUP_SECONDS} s each path`);
    await runLoad(targets.gateway, WARMUP_SECONDS);
    await runLoad(targets.direct, WARMUP_SECONDS);
    const settled = await quiesce(bench, firm.firmId);
    log(`[bench] audit trail settled after warm-up in ${(settled.waitedMs / 1000).toFixed(1)} s`);

    const groups = cpuGroups(bench);
    const rounds: RoundResult[] = [];
    const drains: Array<{ waitedMs: number; chained: number }> = [];
    for (const which of ['gateway', 'direct', 'gateway', 'direct'] as const) {
      if (which === 'direct') internalToken = await issuer.sign('intake', claims, 900);
      log(`[bench] round ${rounds.length + 1}: ${which}, ${ROUND_SECONDS} s at concurrency ${CONCURRENCY}`);
      const before = snapshot(groups);
      const result = await runLoad(targets[which], ROUND_SECONDS);
      const after = snapshot(groups);
      const cpuMs = Object.fromEntries(
        Object.keys(groups).map((name) => [name, (after[name] ?? 0) - (before[name] ?? 0)]),
      );
      rounds.push({ path: which, ...result, cpuMs });
      const drained = await quiesce(bench, firm.firmId);
      if (which === 'gateway') drains.push(drained);
      log(
        `[bench]   ${result.latencies.length} requests; audit trail caught up ${(drained.waitedMs / 1000).toFixed(1)} s later (${drained.chained} records chained)`,
      );
    }
    report(rounds, drains, matter.number);
  } finally {
    await gatewayPool.close();
    await intakePool.close();
  }
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

function report(
  rounds: RoundResult[],
  drains: Array<{ waitedMs: number; chained: number }>,
  matterNumber: string,
): void {
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
  const perRequest = (path: Path, group: string): number => {
    const selected = rounds.filter((round) => round.path === path);
    const cpu = selected.reduce((sum, round) => sum + (round.cpuMs[group] ?? 0), 0);
    const requests = selected.reduce((sum, round) => sum + round.latencies.length, 0);
    return requests ? (cpu / requests) * 1000 : NaN;
  };
  console.log(
    '\nCPU time per request during the rounds (µs; deferred audit work after a round is not included):\n',
  );
  printTable([
    ['process', 'via gateway', 'direct'],
    ...groupNames.map((group) => [
      group,
      perRequest('gateway', group).toFixed(0),
      perRequest('direct', group).toFixed(0),
    ]),
    [
      'total',
      groupNames.reduce((sum, group) => sum + perRequest('gateway', group), 0).toFixed(0),
      groupNames.reduce((sum, group) => sum + perRequest('direct', group), 0).toFixed(0),
    ],
  ]);
  const drainSeconds = drains.map((drain) => (drain.waitedMs / 1000).toFixed(1)).join(' s, ');
  const chained = drains.map((drain) => drain.chained).join(', ');
  console.log(
    `\nAudit trail catch-up after each gateway round: ${drainSeconds} s (${chained} records chained meanwhile).`,
  );

  const ratio = gateway.rps / direct.rps;
  console.log(
    `\nSUMMARY gateway-overhead: via gateway ${gateway.rps.toFixed(0)} req/s (p50 ${ms(gateway.p50)}, p99 ${ms(gateway.p99)}) vs ` +
      `direct ${direct.rps.toFixed(0)} req/s (p50 ${ms(direct.p50)}, p99 ${ms(direct.p99)}); ratio ${ratio.toFixed(2)}× ` +
      `(target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
  );
}

void withBenchStack({ rateLimitPerMinute: 100_000_000 }, main);
