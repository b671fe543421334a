/**
 * The API fuzzer in CI (issue 10): Schemathesis against the gateway's own OpenAPI document, every
 * operation, as a firm admin, on the whole stack running as real processes. It fails on any 5xx, on
 * an error that is not problem+json (with `status` and `code`), and on a status, content type or
 * body the document does not declare for the operation (test/e2e/fuzz/schemathesis.toml).
 *
 * Path parameters are real records half the time (a seeded client, matter, time entry and expense),
 * so handlers get past "not found" into validation and the database; the rest are generated.
 * Schemathesis comes from test/e2e/fuzz/requirements.txt (pinned), installed into .local/venv on
 * first use (scripts/lib/python-venv.ts): the machine needs Python 3.10+ with venv and pip.
 *
 * CI runs a bounded count with a fixed seed, so a finding reproduces. Larger, locally:
 *   FUZZ_MAX_EXAMPLES=200 FUZZ_SEED=$RANDOM npx jest test/e2e/fuzz.e2e-spec.ts --selectProjects e2e
 * (FUZZ_ADMIN=false skips the admin-gateway run; the findings and a JUnit report land in
 * .local/fuzz/<run>/.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@lawfirm/testing';
import { ensurePythonVenv, LOCAL_DIR, ROOT } from '@lawfirm/dev-stack';
import { passwordToken, signIn } from './support/gateway-client';
import { addUser, createFirm, opsLogin, startTestStack, type TestStack } from './support/test-stack';

const FUZZ_DIR = join(ROOT, 'test', 'e2e', 'fuzz');
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

/** Bounds one fuzz run (jest's default of 120 s is too short on a loaded machine). */
const RUN_TIMEOUT_MS = 20 * 60_000;
/** A run still going when its test times out: stopped before the stack is, so it reports nothing false. */
const running = new Set<ChildProcess>();

interface FuzzRun {
  exitCode: number;
  output: string;
}

/** `[[operations]]` binding a path parameter of the matching paths to seeded ids half the time. */
function seededParameters(bindings: Array<{ pathRegex: string; parameter: string; ids: string[] }>): string {
  return bindings
    .map(
      ({ pathRegex, parameter, ids }, index) => `
[dictionaries.seeded${index}]
values = ${JSON.stringify(ids)}

[[operations]]
include-path-regex = ${JSON.stringify(pathRegex)}
parameters = { "path.${parameter}" = { dictionary = "seeded${index}", probability = 0.5 } }
`,
    )
    .join('');
}

function runSchemathesis(
  bin: string,
  args: string[],
  runDir: string,
  hookEnv: Record<string, string>,
): Promise<FuzzRun> {
  return new Promise((resolve) => {
    const child = spawn(join(bin, 'schemathesis'), args, {
      cwd: runDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SCHEMATHESIS_HOOKS: join(FUZZ_DIR, 'problem_checks.py'),
        NO_COLOR: '1',
        // Loading problem_checks.py must not leave __pycache__ in the source tree.
        PYTHONDONTWRITEBYTECODE: '1',
        COLUMNS: '160',
        ...hookEnv,
      },
    });
    running.add(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      running.delete(child);
      writeFileSync(join(runDir, 'output.txt'), output);
      resolve({ exitCode: code ?? 1, output });
    });
  });
}

/** Runs the fuzzer against `baseUrl` and its `/openapi.json`, with `extraConfig` after the shared settings. */
async function fuzz(
  bin: string,
  name: string,
  baseUrl: string,
  token: string,
  extraConfig: string,
  hookEnv: Record<string, string> = {},
): Promise<FuzzRun> {
  const runDir = join(LOCAL_DIR, 'fuzz', `${name}-${randomUUID().slice(0, 8)}`);
  mkdirSync(runDir, { recursive: true });
  const config = join(runDir, 'schemathesis.toml');
  writeFileSync(config, `${readFileSync(join(FUZZ_DIR, 'schemathesis.toml'), 'utf8')}\n${extraConfig}`);
  return runSchemathesis(
    bin,
    [
      '--config-file',
      config,
      'run',
      `${baseUrl}/openapi.json`,
      '--url',
      baseUrl,
      '--header',
      `Authorization: Bearer ${token}`,
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      String(SEED),
      '--workers',
      '2',
      '--no-shrink',
      '--report',
      'junit',
      '--report-dir',
      runDir,
    ],
    runDir,
    hookEnv,
  );
}

/** The findings part of schemathesis' output (the whole of it if no failures section is found). */
function findings(run: FuzzRun): string {
  const start = run.output.indexOf('FAILURES');
  return start >= 0 ? run.output.slice(start) : run.output;
}

/**
 * The operations Schemathesis lists under its "Authentication failed" warning: every answer was
 * 401 or 403 (`401 Unauthorized (N operations):` followed by `  - METHOD /path` lines).
 */
function operationsAnsweringOnly401Or403(run: FuzzRun): string[] {
  const warnings = run.output.slice(Math.max(0, run.output.indexOf('Authentication failed')));
  const operations: string[] = [];
  for (const section of warnings.matchAll(/^40[13] [A-Za-z ]+\(\d+ operations?\):\n((?: {2}- .+\n)+)/gm))
    for (const line of section[1]!.trimEnd().split('\n')) operations.push(line.replace(/^ {2}- /, ''));
  return operations;
}

describe('API fuzzer (Schemathesis) against the gateway document', () => {
  let env: TestStack;
  let bin: string;

  beforeAll(async () => {
    bin = ensurePythonVenv(join(FUZZ_DIR, 'requirements.txt'));
    // A fuzz run sends a few thousand requests with one token: the per-caller limit (1,200 a minute)
    // would turn most of them into 429s.
    env = await startTestStack({ env: { gateway: { RATE_LIMIT_PER_MINUTE: '1000000' } } });
  }, 600_000);

  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await env?.stop();
  });

  it(
    'finds no 5xx, no non-problem error and no answer outside the document on any operation',
    async () => {
      const firm = await createFirm();
      const api = await signIn(env.gatewayUrl, firm);
      const client = await api.POST('/v1/clients', { body: { kind: 'company', name: 'Fuzz Holdings' } });
      const matter = await api.POST('/v1/matters', {
        body: { clientId: client.data!.id, title: 'Fuzz v. Everyone', practiceArea: 'commercial-litigation' },
      });
      const entry = await eventually(async () => {
        const created = await api.POST('/v1/time-entries', {
          body: {
            matterId: matter.data!.id,
            workDate: '2026-11-20',
            minutes: 30,
            narrative: 'Reviewed the file',
            billable: true,
          },
        });
        return created.response.status === 201 ? created.data : undefined;
      });
      const expense = await api.POST('/v1/expenses', {
        body: {
          matterId: matter.data!.id,
          expenseDate: '2026-11-20',
          expenseCode: 'E112',
          description: 'Court filing fee',
          amountMinor: 1250,
          currency: 'USD',
        },
      });
      const account = await api.POST('/v1/trust/accounts', {
        body: { name: 'Fuzz IOLTA', kind: 'iolta', currency: 'USD', holdDays: 0 },
      });
      // Docket knows the matter once intake's event reached it.
      const task = await eventually(async () => {
        const created = await api.POST('/v1/matters/{matterId}/tasks', {
          params: { path: { matterId: matter.data!.id } },
          body: { title: 'Review the file' },
        });
        return created.response.status === 201 ? created.data : undefined;
      });
      const token = await passwordToken(env.gatewayUrl, firm.adminEmail, firm.password);
      // The user-administration routes act on a colleague, never on the fuzzer's own account (whose
      // role change or deactivation would revoke the token the run uses): problem_checks.py swaps it.
      const users = await api.GET('/v1/users', { params: { query: { limit: 200 } } });
      const self = users.data!.items.find((user) => user.email === firm.adminEmail)!;
      const colleague = await addUser(firm, `colleague@${firm.slug}.test`, ['attorney']);
      const seeded = seededParameters([
        { pathRegex: '^/v1/clients/\\{id\\}', parameter: 'id', ids: [client.data!.id] },
        { pathRegex: '^/v1/clients/\\{clientId\\}', parameter: 'clientId', ids: [client.data!.id] },
        { pathRegex: '^/v1/matters/\\{id\\}', parameter: 'id', ids: [matter.data!.id] },
        { pathRegex: '^/v1/time-entries/\\{id\\}', parameter: 'id', ids: [entry.id] },
        { pathRegex: '^/v1/expenses/\\{id\\}', parameter: 'id', ids: [expense.data!.id] },
        // Every route under a matter (documents, deadlines, tasks, holds, billing terms, …).
        { pathRegex: '\\{matterId\\}', parameter: 'matterId', ids: [matter.data!.id] },
        { pathRegex: '^/v1/trust/accounts/\\{accountId\\}', parameter: 'accountId', ids: [account.data!.id] },
        { pathRegex: '^/v1/tasks/\\{id\\}', parameter: 'id', ids: [task.id] },
      ]);

      const run = await fuzz(bin, 'gateway', env.gatewayUrl, token, seeded, {
        FUZZ_SELF_USER_ID: self.id,
        FUZZ_OTHER_USER_ID: colleague,
      });
      // Every operation was reached with a token that still worked (a revoked one answers 401 to
      // all): only the token endpoint (wrong credentials) and the vendor-only routes (a firm token
      // is refused there) may answer nothing but 401/403.
      expect(
        operationsAnsweringOnly401Or403(run).filter(
          (operation) => operation !== 'POST /v1/auth/token' && !/^\w+ \/v1\/vendor\//.test(operation),
        ),
      ).toEqual([]);

      if (run.exitCode !== 0) throw new Error(`Schemathesis found problems:\n${findings(run)}`);
      expect(run.output).toMatch(/No issues found|passed/);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'finds nothing wrong on the admin gateway’s operations with an operations token',
    async () => {
      if (process.env.FUZZ_ADMIN === 'false') return;
      const token = (await opsLogin(env.adminUrl)).token ?? '';
      const firm = await createFirm();

      const run = await fuzz(
        bin,
        'admin-gateway',
        env.adminUrl,
        token,
        seededParameters([
          { pathRegex: '^/admin/firms/\\{firmId\\}', parameter: 'firmId', ids: [firm.firmId] },
        ]),
      );

      if (run.exitCode !== 0) throw new Error(`Schemathesis found problems:\n${findings(run)}`);
      expect(run.output).toMatch(/No issues found|passed/);
    },
    RUN_TIMEOUT_MS,
  );
});
