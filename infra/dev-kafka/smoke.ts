/**
 * Runs dev-kafka.int-spec.ts without jest:
 *
 *   node -r @swc-node/register infra/dev-kafka/smoke.ts
 *
 * Provides just enough of jest's globals (describe, it/test, beforeAll,
 * afterAll, with per-test timeouts) for that spec, runs the tests in order
 * and exits non-zero if any fails. Set DEV_KAFKA_TEST_VERBOSE=1 for the
 * kafkajs/broker progress lines.
 */
type Fn = () => unknown;
interface Test {
  name: string;
  fn: Fn;
  timeout: number;
}

const DEFAULT_TIMEOUT = 5_000;
const suites: { name: string; tests: Test[]; beforeAll: Test[]; afterAll: Test[] }[] = [];

function current(): (typeof suites)[number] {
  const s = suites[suites.length - 1];
  if (!s) throw new Error('it/beforeAll/afterAll outside describe');
  return s;
}

const globals = {
  describe: (name: string, body: () => void): void => {
    suites.push({ name, tests: [], beforeAll: [], afterAll: [] });
    body();
  },
  it: (name: string, fn: Fn, timeout = DEFAULT_TIMEOUT): void => {
    current().tests.push({ name, fn, timeout });
  },
  beforeAll: (fn: Fn, timeout = DEFAULT_TIMEOUT): void => {
    current().beforeAll.push({ name: 'beforeAll', fn, timeout });
  },
  afterAll: (fn: Fn, timeout = DEFAULT_TIMEOUT): void => {
    current().afterAll.push({ name: 'afterAll', fn, timeout });
  },
};
Object.assign(globalThis, globals, { test: globals.it });

async function runWithTimeout(t: Test): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(t.fn),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${t.timeout} ms`)), t.timeout);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./dev-kafka.int-spec');
  let passed = 0;
  let failed = 0;
  for (const suite of suites) {
    console.log(suite.name);
    let setupOk = true;
    for (const hook of suite.beforeAll) {
      try {
        await runWithTimeout(hook);
      } catch (err) {
        setupOk = false;
        console.log(`  beforeAll failed: ${err instanceof Error ? err.stack : String(err)}`);
      }
    }
    for (const t of suite.tests) {
      if (!setupOk) {
        failed++;
        console.log(`  ✗ ${t.name} (not run: beforeAll failed)`);
        continue;
      }
      const start = Date.now();
      try {
        await runWithTimeout(t);
        passed++;
        console.log(`  ✓ ${t.name} (${Date.now() - start} ms)`);
      } catch (err) {
        failed++;
        console.log(
          `  ✗ ${t.name} (${Date.now() - start} ms)\n    ${err instanceof Error ? err.stack : String(err)}`,
        );
      }
    }
    for (const hook of suite.afterAll) {
      try {
        await runWithTimeout(hook);
      } catch (err) {
        console.log(`  afterAll failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

void main();
