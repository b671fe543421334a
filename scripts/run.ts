/**
 * The project's front door.
 *   start  — local infrastructure, migrations, every service, demo data; Ctrl-C stops it all.
 *   test   — the whole test suite (starts the infrastructure it needs).
 *   infra  — only PostgreSQL and the broker, in the foreground.
 *   migrate — migrations against the local cluster.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { isClusterRunning, stopCluster } from '@lawfirm/dev-postgres';
import { DEFAULT_PORTS, migrateAll, postgresDataDir, startInfra, startStack, ROOT } from './lib/stack';
import { buildConsole, ensureChromium } from './lib/console';
import { DEMO_FIRMS, DEMO_OPS_USER, DEMO_PASSWORD, seedDemo } from './lib/seed';

const DEV_PG_PORT = Number(process.env.DEV_PG_PORT ?? 55432);
const DEV_KAFKA_PORT = Number(process.env.DEV_KAFKA_PORT ?? 19092);

async function start(): Promise<void> {
  const startedAt = Date.now();
  const infra = await startInfra({ pgPort: DEV_PG_PORT, kafkaPort: DEV_KAFKA_PORT, name: 'dev' });
  await migrateAll(infra.pg);
  await seedDemo(infra.pg);
  console.log('[seed] demo firms demo-a and demo-b, and the operations user, are in place');
  buildConsole();
  let stack;
  try {
    stack = await startStack({ infra, echo: false });
  } catch (error) {
    await infra.stop();
    throw error;
  }
  const gateway = `http://127.0.0.1:${DEFAULT_PORTS.gateway}`;
  const admin = `http://127.0.0.1:${DEFAULT_PORTS['admin-gateway']}`;
  console.log(`
Law-firm back office is running (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s).

  Gateway      ${gateway}
  API docs     ${gateway}/docs   (OpenAPI: ${gateway}/openapi.json)
  Admin        ${admin}   (operations console: ${admin}/console/)
  Logs         .local/logs/<service>.log

Get a token for firm demo-a:
  curl -s -X POST ${gateway}/v1/auth/token -d grant_type=password -d username=${DEMO_FIRMS[0].admin} -d password=${DEMO_PASSWORD}
Operations token (admin gateway):
  curl -s -X POST ${admin}/admin/auth/token -d grant_type=password -d username=${DEMO_OPS_USER} -d password=${DEMO_PASSWORD}

Press Ctrl-C to stop everything this command started.
`);
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping services…');
    await stack.stop();
    await infra.stop();
    infra.pg.stop();
    console.log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  for (const [service, child] of Object.entries(stack.processes)) {
    child.on('exit', (code) => {
      if (!stopping) console.error(`[${service}] exited with code ${code}; see .local/logs/${service}.log`);
    });
  }
}

async function infraOnly(): Promise<void> {
  const infra = await startInfra({ pgPort: DEV_PG_PORT, kafkaPort: DEV_KAFKA_PORT, name: 'dev' });
  await migrateAll(infra.pg);
  console.log(`PostgreSQL on 127.0.0.1:${DEV_PG_PORT}, broker on ${infra.brokers}. Ctrl-C to stop.`);
  const shutdown = async (): Promise<void> => {
    await infra.stop();
    infra.pg.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

function runJest(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('jest/bin/jest'), ...args], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * Unit and integration tests first (two workers), then the end-to-end files one at a time:
 * each starts the whole stack, and one of them stops and restarts a broker.
 */
async function test(extra: string[]): Promise<void> {
  // The test cluster is kept running between jest's runs (each global setup reuses it); one this
  // command started is stopped at the end, so `npm test` leaves nothing behind.
  const testCluster = postgresDataDir(process.env.TEST_PG_PORT ? `test-${process.env.TEST_PG_PORT}` : 'test');
  const clusterRanBefore = isClusterRunning(testCluster);
  const stopTestCluster = (): void => {
    if (!clusterRanBefore) stopCluster(testCluster);
  };
  // The console's browser test needs the built console and Debian's Chromium (it skips, saying why,
  // where Chromium cannot be installed).
  buildConsole();
  const browser = ensureChromium();
  if (browser.reason) console.warn(`[browser] ${browser.reason}`);
  if (extra.length) {
    const code = await runJest(extra);
    stopTestCluster();
    process.exit(code);
  }
  // --forceExit: a failed beforeAll can leave a child stack's sockets open; CI must still finish.
  const first = await runJest(['--selectProjects', 'unit', 'integration', '--maxWorkers=2', '--forceExit']);
  const second = await runJest(['--selectProjects', 'e2e', '--runInBand', '--forceExit']);
  stopTestCluster();
  const failed = [first, second].some((code) => code !== 0);
  console.log(failed ? 'Test suite FAILED' : 'Test suite passed');
  process.exit(failed ? 1 : 0);
}

async function migrate(): Promise<void> {
  const infra = await startInfra({
    pgPort: DEV_PG_PORT,
    kafkaPort: DEV_KAFKA_PORT,
    name: 'dev',
    quiet: true,
  });
  await migrateAll(infra.pg);
  await infra.stop();
  // Stops the cluster only if this command started it (npm start, started later, then owns its own).
  infra.pg.stop();
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = {
  start,
  test: () => test(rest),
  infra: infraOnly,
  migrate,
};
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(`usage: run.ts ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
run().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
