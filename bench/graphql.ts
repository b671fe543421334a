/**
 * What GraphQL costs against REST for the same data: a matter with its client and its 50 time
 * entries, (a) as one `POST /graphql` query and (b) as the REST calls a client makes for it
 * (`GET /v1/matters/:id`, then `GET /v1/clients/:id` and `GET /v1/time-entries?matterId=&limit=50`
 * side by side), both through the gateway with the same token, concurrency and data. The REST set is
 * the same-run baseline; rounds alternate a/b/a/b so drift on a shared machine hits both. Before
 * measuring, the two answers are compared field by field.
 *
 *   npm run bench:graphql        (node -r @swc-node/register bench/graphql.ts)
 *
 * Knobs (env): BENCH_CONCURRENCY (16), BENCH_ROUND_SECONDS (10), BENCH_ROUNDS (2 of each),
 * BENCH_WARMUP_SECONDS (3), BENCH_PG_PORT (55452). The gateway runs with RATE_LIMIT_PER_MINUTE
 * raised, as in bench:gateway.
 */
import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'undici';
import {
  createFirm,
  GatewayApi,
  log,
  machineLine,
  ms,
  percentile,
  printTable,
  sortedCopy,
  waitFor,
  withBenchStack,
} from './support';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const ENTRIES = 50;
const ENTRY_FIELDS = ['id', 'workDate', 'minutes', 'billedTenths', 'narrative', 'status'] as const;

const QUERY = `query MatterWithEntries($id: ID!) {
  matter(id: $id) {
    id number title status
    client { id name }
    timeEntries(first: ${ENTRIES}) { nodes { ${ENTRY_FIELDS.join(' ')} } }
  }
}`;

interface MatterWithEntries {
  id: string;
  number: string;
  title: string;
  status: string;
  client: { id: string; name: string };
  timeEntries: { nodes: Array<Record<(typeof ENTRY_FIELDS)[number], unknown>> };
}

type Way = 'graphql' | 'rest';

interface Round {
  way: Way;
  elapsedMs: number;
  latencies: number[];
  failures: number;
}

async function json<T>(
  pool: Pool,
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const response = await pool.request({
    method,
    path,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

async function viaGraphql(pool: Pool, token: string, matterId: string): Promise<MatterWithEntries> {
  const answer = await json<{ data?: { matter: MatterWithEntries }; errors?: unknown }>(
    pool,
    'POST',
    '/graphql',
    token,
    { query: QUERY, variables: { id: matterId } },
  );
  if (!answer.data || answer.errors) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
  return answer.data.matter;
}

async function viaRest(pool: Pool, token: string, matterId: string): Promise<MatterWithEntries> {
  const matter = await json<MatterWithEntries & { clientId: string }>(
    pool,
    'GET',
    `/v1/matters/${matterId}`,
    token,
  );
  const [client, entries] = await Promise.all([
    json<{ id: string; name: string }>(pool, 'GET', `/v1/clients/${matter.clientId}`, token),
    json<{ items: Array<Record<string, unknown>> }>(
      pool,
      'GET',
      `/v1/time-entries?matterId=${matterId}&limit=${ENTRIES}`,
      token,
    ),
  ]);
  return {
    id: matter.id,
    number: matter.number,
    title: matter.title,
    status: matter.status,
    client: { id: client.id, name: client.name },
    timeEntries: {
      nodes: entries.items.map(
        (entry) =>
          Object.fromEntries(ENTRY_FIELDS.map((field) => [field, entry[field]])) as Record<
            (typeof ENTRY_FIELDS)[number],
            unknown
          >,
      ),
    },
  };
}

async function runLoad(seconds: number, once: () => Promise<unknown>): Promise<Omit<Round, 'way'>> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        await once();
        latencies.push(performance.now() - sent);
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  return { elapsedMs: performance.now() - started, latencies, failures };
}

void withBenchStack({ rateLimitPerMinute: 10_000_000 }, async (bench) => {
  const firm = await createFirm(bench.infra.pg);
  const api = await GatewayApi.login(bench.gatewayUrl, firm);
  const client = await api.expect<{ id: string }>(201, 'POST', '/v1/clients', {
    kind: 'company',
    name: 'Bench GraphQL Holdings',
  });
  const matter = await api.expect<{ id: string }>(201, 'POST', '/v1/matters', {
    clientId: client.id,
    title: 'GraphQL benchmark matter',
  });
  log(`[bench] recording ${ENTRIES} time entries on the matter`);
  for (let index = 0; index < ENTRIES; index += 1) {
    const body = {
      matterId: matter.id,
      workDate: '2026-11-20',
      minutes: 6 + index,
      narrative: `Benchmark work ${index}`,
    };
    // The first waits for timekeeping to hear of the matter.
    await waitFor(
      'time entry',
      async () => ((await api.call('POST', '/v1/time-entries', body)).status === 201 ? true : undefined),
      60_000,
      200,
    );
  }
  const pool = new Pool(bench.gatewayUrl, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const fromGraphql = await viaGraphql(pool, api.token, matter.id);
    const fromRest = await viaRest(pool, api.token, matter.id);
    if (fromGraphql.timeEntries.nodes.length !== ENTRIES || !isDeepStrictEqual(fromGraphql, fromRest))
      throw new Error('GraphQL and REST answered different values for the same matter');
    log('[bench] GraphQL and REST answers agree; warming up');
    await runLoad(WARMUP_SECONDS, () => viaGraphql(pool, api.token, matter.id));
    await runLoad(WARMUP_SECONDS, () => viaRest(pool, api.token, matter.id));
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round += 1)
      for (const way of ['graphql', 'rest'] as const) {
        log(`[bench] round ${round + 1}/${ROUNDS}: ${way}`);
        const once =
          way === 'graphql'
            ? () => viaGraphql(pool, api.token, matter.id)
            : () => viaRest(pool, api.token, matter.id);
        rounds.push({ way, ...(await runLoad(ROUND_SECONDS, once)) });
      }
    const summary = (way: Way) => {
      const mine = rounds.filter((round) => round.way === way);
      const answered = mine.reduce((sum, round) => sum + round.latencies.length, 0);
      const seconds = mine.reduce((sum, round) => sum + round.elapsedMs, 0) / 1000;
      const sorted = sortedCopy(mine.flatMap((round) => round.latencies));
      return {
        perSecond: answered / seconds,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        failures: mine.reduce((sum, round) => sum + round.failures, 0),
        answered,
      };
    };
    const graphqlFigures = summary('graphql');
    const restFigures = summary('rest');
    console.log(`GraphQL vs REST, a matter with its client and ${ENTRIES} time entries — ${machineLine()}`);
    console.log(`concurrency ${CONCURRENCY}, ${ROUNDS} rounds of ${ROUND_SECONDS} s each, alternating`);
    printTable([
      ['way', 'answers/s', 'p50', 'p99', 'answers', 'failures', 'HTTP calls each'],
      ...(
        [
          ['POST /graphql (one query)', graphqlFigures, '1'],
          ['REST (matter, then client + entries)', restFigures, '3'],
        ] as const
      ).map(([name, figures, calls]) => [
        name,
        figures.perSecond.toFixed(1),
        ms(figures.p50),
        ms(figures.p99),
        String(figures.answered),
        String(figures.failures),
        calls,
      ]),
    ]);
    console.log(
      `ratio GraphQL / REST: ${(graphqlFigures.perSecond / restFigures.perSecond).toFixed(2)}× (answers per second)`,
    );
  } finally {
    await pool.close();
  }
});
