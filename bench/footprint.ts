/**
 * What `npm start` costs on this machine: (a) seconds from spawning it to the gateway's
 * `/readyz` answering 200, after one untimed warm start (so the Kafka jars are cached and
 * the dev cluster exists), three times; (b) resident memory of the idle stack 10 s after it
 * is up: the whole process tree of the start command (services, gateways, the Kafka JVM) plus the
 * dev PostgreSQL cluster's server processes.
 *
 *   node -r @swc-node/register bench/footprint.ts
 *
 * It runs the real command (`node -r @swc-node/register scripts/run.ts start`, what
 * `npm start` runs) on the real dev ports, so it refuses to run while anything listens on
 * the gateway, service or broker ports. A dev PostgreSQL already running on 55432 is used
 * and left running; one this run started is stopped at the end.
 * Targets: ready < 45 s warm; idle stack (the Kafka JVM included) < 2.5 GiB.
 */
import 'reflect-metadata';
import { postgresDataDir } from '@lawfirm/dev-stack';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isPortOpen } from '@lawfirm/local-kafka';
import { allProcesses, memoryKb, postgresProcesses, processTree, type ProcInfo } from './proc';
import { log, machineLine, median, printTable, sleep } from './support';

const ROOT = join(__dirname, '..');
const DEV_PG_DIR = postgresDataDir('dev');
const DEV_PG_PORT = 55432;
const STACK_PORTS: Record<string, number> = {
  gateway: 3000,
  'admin-gateway': 3001,
  intake: 4101,
  timekeeping: 4102,
  billing: 4103,
  docket: 4104,
  document: 4105,
  kafka: 19092,
  'kafka controller': 19093,
};
const TIMED_RUNS = 3;
const READY_TIMEOUT_MS = 300_000;
const IDLE_MS = 10_000;
const EXIT_TIMEOUT_MS = 60_000;
const TARGET_READY_S = 45;
const TARGET_MEMORY_GIB = 2.5;

/** The start command while it runs, for Ctrl-C of this script. */
let running: ChildProcess | undefined;
let interrupted = false;

interface StartRun {
  readySeconds: number;
  bannerSeconds: number | undefined;
  phases: Record<string, number>;
  exitSeconds: number;
  memory?: Map<string, { processes: number; rssKb: number; pssKb: number }>;
}

/** The start command's progress lines, by the first line of each phase (seconds after spawn). */
const PHASES: Array<[string, RegExp]> = [
  ['postgres up', /^\[postgres\] (starting on port|already running)/],
  ['broker ready', /^\[kafka\] ready/],
  ['migrated', /^\[migrate\] document/],
  ['seeded', /^\[seed\]/],
  ['banner', /is running \(ready in/],
];

async function startOnce(measureMemory: boolean): Promise<StartRun> {
  const phases: Record<string, number> = {};
  const output: string[] = [];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/run.ts', 'start'], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  const onOutput = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 60) output.shift();
      for (const [name, pattern] of PHASES) {
        if (phases[name] === undefined && pattern.test(line.trim()))
          phases[name] = (performance.now() - spawnedAt) / 1000;
      }
    }
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let readySeconds: number | undefined;
    while (performance.now() - spawnedAt < READY_TIMEOUT_MS) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `the start command exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output.join('\n')}`,
        );
      }
      try {
        const response = await fetch(`http://127.0.0.1:${STACK_PORTS.gateway}/readyz`, {
          signal: AbortSignal.timeout(2000),
        });
        await response.arrayBuffer();
        if (response.status === 200) {
          readySeconds = (performance.now() - spawnedAt) / 1000;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    if (readySeconds === undefined)
      throw new Error(
        `/readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s:\n${output.join('\n')}`,
      );
    // /readyz is the gateway's own (its database and the broker); the banner follows once every service is healthy.
    const bannerDeadline = performance.now() + 120_000;
    while (phases.banner === undefined && performance.now() < bannerDeadline && child.exitCode === null)
      await sleep(100);

    let memory: StartRun['memory'];
    if (measureMemory) {
      await sleep(IDLE_MS);
      if (interrupted) throw new Error('interrupted');
      memory = measure(child.pid ?? -1);
    }
    const exitSeconds = await stop(child, exited);
    return { readySeconds, bannerSeconds: phases.banner, phases, exitSeconds, memory };
  } catch (error) {
    await stop(child, exited);
    throw error;
  } finally {
    running = undefined;
  }
}

/** Ctrl-C for the start command: SIGINT to it alone; it stops what it started. */
async function stop(child: ChildProcess, exited: Promise<void>): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return 0;
  const tree = processTree(child.pid ?? -1).map((info) => info.pid);
  const sentAt = performance.now();
  child.kill('SIGINT');
  const timedOut = await Promise.race([exited.then(() => false), sleep(EXIT_TIMEOUT_MS).then(() => true)]);
  if (timedOut) {
    log(
      `[bench] the start command did not exit within ${EXIT_TIMEOUT_MS / 1000} s of SIGINT; killing its processes`,
    );
    for (const pid of tree.reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
  }
  const exitSeconds = (performance.now() - sentAt) / 1000;
  // The ports must be free again before the next start.
  const deadline = Date.now() + 30_000;
  for (const port of Object.values(STACK_PORTS)) {
    while ((await isPortOpen(port)) && Date.now() < deadline) await sleep(200);
  }
  return exitSeconds;
}

function groupOf(info: ProcInfo, startPid: number): string {
  if (info.pid === startPid) return 'npm start (scripts/run.ts)';
  const service = /services\/([\w-]+)\/src\/main\.ts/.exec(info.cmdline);
  if (service?.[1]) return service[1];
  if (/kafka\.Kafka/.test(info.cmdline)) return 'kafka (JVM)';
  return `other: ${info.cmdline.slice(0, 40)}`;
}

function measure(startPid: number): Map<string, { processes: number; rssKb: number; pssKb: number }> {
  const processes = allProcesses();
  const groups = new Map<string, { processes: number; rssKb: number; pssKb: number }>();
  const add = (group: string, pid: number): void => {
    const memory = memoryKb(pid);
    if (!memory) return;
    const current = groups.get(group) ?? { processes: 0, rssKb: 0, pssKb: 0 };
    groups.set(group, {
      processes: current.processes + 1,
      rssKb: current.rssKb + memory.rssKb,
      pssKb: current.pssKb + memory.pssKb,
    });
  };
  const tree = processTree(startPid, processes);
  for (const info of tree) add(groupOf(info, startPid), info.pid);
  const inTree = new Set(tree.map((info) => info.pid));
  for (const info of postgresProcesses(DEV_PG_DIR, processes))
    if (!inTree.has(info.pid)) add('postgres (dev cluster)', info.pid);
  return groups;
}

function stopDevPostgres(): void {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base)
    ? readdirSync(base)
        .sort((a, b) => Number(b) - Number(a))
        .find((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
    : undefined;
  const pgCtl = process.env.PG_BIN_DIR
    ? join(process.env.PG_BIN_DIR, 'pg_ctl')
    : version
      ? join(base, version, 'bin', 'pg_ctl')
      : 'pg_ctl';
  const args = ['-D', DEV_PG_DIR, '-m', 'fast', '-w', 'stop'];
  const result =
    process.getuid?.() === 0
      ? spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { encoding: 'utf8' })
      : spawnSync(pgCtl, args, { encoding: 'utf8' });
  if (result.status !== 0) log(`[bench] could not stop the dev cluster: ${result.stderr}`);
}

async function main(): Promise<number> {
  const busy: string[] = [];
  for (const [name, port] of Object.entries(STACK_PORTS))
    if (await isPortOpen(port)) busy.push(`${name} (${port})`);
  if (busy.length) {
    console.log(
      `REFUSED: something already listens on the dev ports: ${busy.join(', ')}. Stop the running dev stack (Ctrl-C in its terminal) and run again.`,
    );
    return 2;
  }
  const pgWasRunning = await isPortOpen(DEV_PG_PORT);
  if (pgWasRunning)
    log(
      `[bench] a PostgreSQL already listens on ${DEV_PG_PORT}: it is used, not timed as part of start-up, and left running`,
    );

  const runs: StartRun[] = [];
  try {
    log('[bench] warm start (untimed)');
    const warm = await startOnce(false);
    log(`[bench]   ready after ${warm.readySeconds.toFixed(1)} s (not counted)`);
    for (let i = 1; i <= TIMED_RUNS; i += 1) {
      if (interrupted) throw new Error('interrupted');
      log(`[bench] timed start ${i}/${TIMED_RUNS}`);
      const run = await startOnce(true);
      log(
        `[bench]   /readyz 200 after ${run.readySeconds.toFixed(1)} s; stopped ${run.exitSeconds.toFixed(1)} s after SIGINT`,
      );
      runs.push(run);
    }
  } finally {
    if (!pgWasRunning && (await isPortOpen(DEV_PG_PORT))) {
      log('[bench] stopping the dev PostgreSQL this run started');
      stopDevPostgres();
    }
  }
  report(runs, pgWasRunning);
  return 0;
}

function report(runs: StartRun[], pgWasRunning: boolean): void {
  const seconds = (value: number | undefined): string =>
    value === undefined ? 'n/a' : `${value.toFixed(1)} s`;
  console.log(
    `\nnpm start (node -r @swc-node/register scripts/run.ts start), after one untimed warm start; ${machineLine()}`,
  );
  if (pgWasRunning)
    console.log(`(the dev PostgreSQL was already running, so its start-up is not in these times)`);
  console.log('');
  printTable([
    ['run', '/readyz 200', ...PHASES.map(([name]) => name), 'exit after SIGINT'],
    ...runs.map((run, index) => [
      String(index + 1),
      seconds(run.readySeconds),
      ...PHASES.map(([name]) => seconds(run.phases[name])),
      seconds(run.exitSeconds),
    ]),
  ]);
  const readyMedian = median(runs.map((run) => run.readySeconds));
  console.log(
    `\nmedian /readyz 200: ${readyMedian.toFixed(1)} s (phases are seconds after spawn, from the command's own output)`,
  );

  const gib = (kb: number): number => kb / 1024 / 1024;
  const totals = runs.map((run) =>
    [...(run.memory?.values() ?? [])].reduce(
      (sum, group) => ({ rss: sum.rss + group.rssKb, pss: sum.pss + group.pssKb }),
      { rss: 0, pss: 0 },
    ),
  );
  const last =
    runs[runs.length - 1]?.memory ?? new Map<string, { processes: number; rssKb: number; pssKb: number }>();
  console.log(
    `\nResident memory ${IDLE_MS / 1000} s after start-up, run ${runs.length} (VmRSS counts shared pages once per process; Pss divides them):\n`,
  );
  const mib = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;
  printTable([
    ['process group', 'processes', 'VmRSS', 'Pss'],
    ...[...last]
      .sort((a, b) => b[1].rssKb - a[1].rssKb)
      .map(([name, group]) => [name, String(group.processes), mib(group.rssKb), mib(group.pssKb)]),
    [
      'total',
      String([...last.values()].reduce((sum, group) => sum + group.processes, 0)),
      mib([...last.values()].reduce((s, g) => s + g.rssKb, 0)),
      mib([...last.values()].reduce((s, g) => s + g.pssKb, 0)),
    ],
  ]);
  console.log(
    `\nTotal VmRSS per run: ${totals.map((total) => `${gib(total.rss).toFixed(2)} GiB`).join(', ')} (Pss ${totals.map((total) => `${gib(total.pss).toFixed(2)} GiB`).join(', ')})`,
  );
  const rssMedian = median(totals.map((total) => gib(total.rss)));
  console.log(
    `\nSUMMARY footprint: npm start → /readyz 200 in ${runs.map((run) => run.readySeconds.toFixed(1)).join(' / ')} s (median ${readyMedian.toFixed(1)} s; target < ${TARGET_READY_S} s: ` +
      `${readyMedian < TARGET_READY_S ? 'met' : 'NOT met'}); idle stack VmRSS median ${rssMedian.toFixed(2)} GiB (target < ${TARGET_MEMORY_GIB} GiB: ${rssMedian < TARGET_MEMORY_GIB ? 'met' : 'NOT met'})`,
  );
}

const onSignal = (): void => {
  if (interrupted) return;
  interrupted = true;
  log('[bench] interrupted; stopping the start command');
  running?.kill('SIGINT');
  // The start command stops its own processes (and the dev cluster if it started it); the finally in main does the rest.
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    log(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
