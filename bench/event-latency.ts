/**
 * How long approved time takes to become billing work in progress: 1,000 time entries are
 * created and submitted through the gateway, then approved through the gateway (bounded
 * concurrency) while a poller reads billing's `wip_entries` straight from its database and
 * records when each entry is first seen. Latency = first seen − approve response (and −
 * approve request start). The floor is printed beside it: a database round trip and the
 * poll period, measured in the same run.
 *
 *   node -r @swc-node/register bench/event-latency.ts
 *
 * Knobs (env): BENCH_ENTRIES (1000), BENCH_APPROVE_CONCURRENCY (4), BENCH_POLL_MS (20).
 * Target: p99 < 100 ms from the approve response.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { Partitioners } from 'kafkajs';
import { TimeEntryApprovedV1, TOPICS } from '@lawfirm/contracts';
import { createKafka, parseBrokers } from '@lawfirm/messaging';
import { ensureTopics } from '@lawfirm/local-kafka';
import {
  createFirm,
  GatewayApi,
  log,
  machineLine,
  mapLimit,
  median,
  ms,
  percentile,
  printTable,
  sleep,
  sortedCopy,
  waitFor,
  withBenchStack,
  type BenchStack,
} from './support';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1000);
const SETUP_CONCURRENCY = 4;
const APPROVE_CONCURRENCY = Number(process.env.BENCH_APPROVE_CONCURRENCY ?? 4);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 20);
/** After the last approval, how long the poller keeps looking for stragglers. */
const STRAGGLER_TIMEOUT_MS = 60_000;
const BASELINE_QUERIES = 200;
const TARGET_P99_MS = 100;

/** Messages for the bare-broker baseline, and the gap between them (about the approvals' pace). */
const BROKER_PROBE_MESSAGES = 200;
const BROKER_PROBE_GAP_MS = 15;

interface Approval {
  id: string;
  startedAt: number;
  answeredAt: number;
  status: number;
}

/** Reads billing's WIP for one matter as the billing owner, scoped to the firm as the service would be. */
class WipPoller {
  readonly firstSeen = new Map<string, number>();
  readonly cycleMs: number[] = [];
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly db: Client,
    private readonly firmId: string,
    private readonly matterId: string,
  ) {}

  async visibleIds(): Promise<string[]> {
    await this.db.query('BEGIN');
    try {
      await this.db.query(`SELECT set_config('app.firm_id', $1, true)`, [this.firmId]);
      const { rows } = await this.db.query<{ time_entry_id: string }>(
        `SELECT time_entry_id FROM wip_entries WHERE matter_id = $1`,
        [this.matterId],
      );
      return rows.map((row) => row.time_entry_id);
    } finally {
      await this.db.query('COMMIT');
    }
  }

  start(until: () => boolean, hardDeadline: number): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running && !until() && performance.now() < hardDeadline) {
        const cycleStart = performance.now();
        const ids = await this.visibleIds();
        const seenAt = performance.now();
        for (const id of ids) if (!this.firstSeen.has(id)) this.firstSeen.set(id, seenAt);
        this.cycleMs.push(seenAt - cycleStart);
        await sleep(Math.max(0, cycleStart + POLL_MS - performance.now()));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Resolves when `done()` holds or the poller's deadline passes. */
  async finished(): Promise<void> {
    await this.loop;
  }
}

/**
 * The same hop without the platform: a kafkajs producer (idempotent, acks all, as the relay)
 * and a consumer with the services' settings (maxWaitTimeInMs 200, as EventConsumer) on the
 * same broker. Returns, per message, ack → eachMessage and send start → eachMessage.
 */
async function bareBrokerHop(brokers: string): Promise<{ fromAck: number[]; fromSend: number[] }> {
  const kafka = createKafka({ brokers: parseBrokers(brokers), clientId: 'bench-probe' });
  const topic = 'bench.broker-probe.v1';
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({
    groupId: 'bench-broker-probe',
    sessionTimeout: 6000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 200,
  });
  const received = new Map<string, number>();
  await producer.connect();
  try {
    // The broker creates no topic on its own (as in production): the probe's topic is made here.
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 4 }], { replicationFactor: 1 });
    await admin.disconnect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'warm-up', value: 'warm-up' }] });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString() ?? '';
        if (!received.has(value)) received.set(value, performance.now());
      },
    });
    await waitFor(
      'the probe consumer receives the warm-up message',
      async () => (received.has('warm-up') ? true : undefined),
      30_000,
      50,
    );
    const sent = new Map<string, { startedAt: number; ackedAt: number }>();
    for (let i = 0; i < BROKER_PROBE_MESSAGES; i += 1) {
      const value = `probe-${i}`;
      const startedAt = performance.now();
      await producer.send({ topic, acks: -1, messages: [{ key: value, value }] });
      sent.set(value, { startedAt, ackedAt: performance.now() });
      await sleep(BROKER_PROBE_GAP_MS);
    }
    await waitFor(
      'the probe messages arrive',
      async () => ([...sent.keys()].every((key) => received.has(key)) ? true : undefined),
      30_000,
      50,
    );
    const fromAck: number[] = [];
    const fromSend: number[] = [];
    for (const [value, times] of sent) {
      const at = received.get(value) as number;
      fromAck.push(at - times.ackedAt);
      fromSend.push(at - times.startedAt);
    }
    return { fromAck, fromSend };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
  }
}

async function main(bench: BenchStack): Promise<void> {
  const firm = await createFirm(bench.infra.pg);
  const api = await GatewayApi.login(bench.gatewayUrl, firm);
  const client = await api.expect<{ id: string }>(201, 'POST', '/v1/clients', {
    kind: 'company',
    name: 'Latency Partners',
  });
  const matter = await api.expect<{ id: string; number: string }>(201, 'POST', '/v1/matters', {
    clientId: client.id,
    title: 'Latency v. Throughput',
  });
  const entryBody = (index: number): Record<string, unknown> => ({
    matterId: matter.id,
    workDate: '2026-11-20',
    minutes: 6 + (index % 240),
    narrative: `Benchmark entry ${index}`,
    billable: true,
  });

  const billing = new Client({
    connectionString: bench.infra.pg.ownerUrl('billing'),
    application_name: 'bench-wip-poller',
  });
  await billing.connect();
  try {
    const poller = new WipPoller(billing, firm.firmId, matter.id);

    // Warm-up: timekeeping has to learn of the matter, and billing's consumer has to have joined
    // its group, before anything is timed.
    log('[bench] waiting for timekeeping to know the matter and for billing to receive a first approval');
    const warmup = await waitFor(
      'timekeeping accepts time on the new matter',
      async () => {
        const created = await api.call<{ id: string }>('POST', '/v1/time-entries', entryBody(-1));
        return created.status === 201 ? created.body : undefined;
      },
      60_000,
      200,
    );
    await api.expect(200, 'POST', `/v1/time-entries/${warmup.id}/submit`);
    await api.expect(200, 'POST', `/v1/time-entries/${warmup.id}/approve`);
    await waitFor(
      'the warm-up entry reaches billing',
      async () => ((await poller.visibleIds()).includes(warmup.id) ? true : undefined),
      90_000,
    );

    log(`[bench] creating and submitting ${ENTRIES} time entries (${SETUP_CONCURRENCY} in parallel)`);
    const setupStarted = performance.now();
    const ids = await mapLimit(
      Array.from({ length: ENTRIES }, (_unused, index) => index),
      SETUP_CONCURRENCY,
      async (index) => {
        const created = await api.expect<{ id: string }>(201, 'POST', '/v1/time-entries', entryBody(index));
        await api.expect(200, 'POST', `/v1/time-entries/${created.id}/submit`);
        return created.id;
      },
    );
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    log(`[bench]   done in ${setupSeconds.toFixed(1)} s`);

    // Same-run floor: one database round trip from this process, on the poller's connection.
    const roundTrips: number[] = [];
    for (let i = 0; i < BASELINE_QUERIES; i += 1) {
      const sent = performance.now();
      await billing.query('SELECT 1');
      roundTrips.push(performance.now() - sent);
    }
    const idleCycles: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const sent = performance.now();
      await poller.visibleIds();
      idleCycles.push(performance.now() - sent);
    }

    log("[bench] measuring a bare broker hop (kafkajs producer → consumer, the services' settings)");
    const brokerHop = await bareBrokerHop(bench.infra.brokers);

    const wanted = new Set(ids);
    const allSeen = (): boolean => [...wanted].every((id) => poller.firstSeen.has(id));
    let approvalsDone = false;
    let lastApprovalAt = Infinity;
    const pollDeadline = performance.now() + 30 * 60_000;
    poller.start(
      () => approvalsDone && (allSeen() || performance.now() > lastApprovalAt + STRAGGLER_TIMEOUT_MS),
      pollDeadline,
    );

    log(
      `[bench] approving ${ENTRIES} entries (${APPROVE_CONCURRENCY} in parallel) while polling WIP every ${POLL_MS} ms`,
    );
    const approveStarted = performance.now();
    const approvals = await mapLimit(ids, APPROVE_CONCURRENCY, async (id): Promise<Approval> => {
      const startedAt = performance.now();
      const response = await api.call('POST', `/v1/time-entries/${id}/approve`);
      return { id, startedAt, answeredAt: performance.now(), status: response.status };
    });
    const approveSeconds = (performance.now() - approveStarted) / 1000;
    lastApprovalAt = performance.now();
    approvalsDone = true;
    await poller.finished();
    await poller.stop();

    const breakdown = await stageBreakdown(bench, firm.firmId, matter.id, approvals, poller.firstSeen);
    report({
      matterNumber: matter.number,
      approvals,
      firstSeen: poller.firstSeen,
      roundTrips,
      idleCycles,
      brokerHop,
      pollCycles: poller.cycleMs,
      setupSeconds,
      approveSeconds,
      breakdown,
    });
  } finally {
    await billing.end();
  }
}

interface Stages {
  relay: number[];
  delivery: number[];
  toSeen: number[];
}

/**
 * Where the time goes, from the databases' own timestamps (wall clock, same machine):
 * relay = outbox row written (inside the approve transaction) → marked sent after the broker's ack;
 * delivery = sent → billing's consumer transaction starts (inbox processed_at);
 * visible = that transaction starts → the poller first sees the row.
 */
async function stageBreakdown(
  bench: BenchStack,
  firmId: string,
  matterId: string,
  approvals: Approval[],
  firstSeen: Map<string, number>,
): Promise<Stages> {
  const wall = (monotonic: number): number => performance.timeOrigin + monotonic;
  const scoped = async <T extends object>(
    service: 'timekeeping' | 'billing',
    sql: string,
    params: unknown[],
  ): Promise<T[]> => {
    const db = new Client({ connectionString: bench.infra.pg.ownerUrl(service) });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
      const { rows } = await db.query<T>(sql, params);
      await db.query('COMMIT');
      return rows;
    } finally {
      await db.end();
    }
  };
  const outbox = await scoped<{ id: string; created: string; sent: string | null }>(
    'timekeeping',
    `SELECT message_key AS id, extract(epoch FROM created_at) * 1000 AS created, extract(epoch FROM sent_at) * 1000 AS sent
       FROM outbox WHERE topic = $1 AND envelope->>'type' = $2`,
    [TOPICS.timeEntry.name, TimeEntryApprovedV1.type],
  );
  const inbox = await scoped<{ id: string; processed: string }>(
    'billing',
    `SELECT w.time_entry_id AS id, extract(epoch FROM i.processed_at) * 1000 AS processed
       FROM wip_entries w JOIN inbox i ON i.event_id = w.source_event_id WHERE w.matter_id = $1`,
    [matterId],
  );
  const outboxById = new Map(outbox.map((row) => [row.id, row]));
  const inboxById = new Map(inbox.map((row) => [row.id, Number(row.processed)]));
  const stages: Stages = { relay: [], delivery: [], toSeen: [] };
  for (const approval of approvals) {
    const row = outboxById.get(approval.id);
    const processed = inboxById.get(approval.id);
    const seen = firstSeen.get(approval.id);
    if (!row || row.sent === null || processed === undefined || seen === undefined) continue;
    stages.relay.push(Number(row.sent) - Number(row.created));
    stages.delivery.push(processed - Number(row.sent));
    stages.toSeen.push(wall(seen) - processed);
  }
  return stages;
}

function report(run: {
  matterNumber: string;
  approvals: Approval[];
  firstSeen: Map<string, number>;
  roundTrips: number[];
  idleCycles: number[];
  brokerHop: { fromAck: number[]; fromSend: number[] };
  pollCycles: number[];
  setupSeconds: number;
  approveSeconds: number;
  breakdown: Stages;
}): void {
  const ok = run.approvals.filter((approval) => approval.status === 200);
  const refused = run.approvals.length - ok.length;
  const fromResponse: number[] = [];
  const fromRequest: number[] = [];
  const approveCall: number[] = [];
  let missing = 0;
  for (const approval of ok) {
    approveCall.push(approval.answeredAt - approval.startedAt);
    const seen = run.firstSeen.get(approval.id);
    if (seen === undefined) {
      missing += 1;
      continue;
    }
    fromResponse.push(seen - approval.answeredAt);
    fromRequest.push(seen - approval.startedAt);
  }
  const row = (name: string, values: number[]): string[] => {
    const sorted = sortedCopy(values);
    return [
      name,
      String(sorted.length),
      ms(percentile(sorted, 50)),
      ms(percentile(sorted, 95)),
      ms(percentile(sorted, 99)),
      ms(sorted[sorted.length - 1] ?? NaN),
    ];
  };

  console.log(
    `\nApproved time → billing WIP, matter ${run.matterNumber}: ${ENTRIES} entries, approvals ${APPROVE_CONCURRENCY} in parallel through the gateway, ` +
      `WIP polled every ${POLL_MS} ms; ${machineLine()}`,
  );
  console.log(
    `Setup (create + submit ${ENTRIES}, ${SETUP_CONCURRENCY} in parallel): ${run.setupSeconds.toFixed(1)} s. ` +
      `Approvals took ${run.approveSeconds.toFixed(1)} s (${(ok.length / run.approveSeconds).toFixed(0)}/s).\n`,
  );
  printTable([
    ['latency', 'n', 'p50', 'p95', 'p99', 'max'],
    row('approve response → first seen in WIP', fromResponse),
    row('approve request start → first seen in WIP', fromRequest),
    row('approve call itself (gateway round trip)', approveCall),
    row('  stage: outbox written → sent (relay)', run.breakdown.relay),
    row('  stage: sent → billing consumer txn starts', run.breakdown.delivery),
    row('  stage: consumer txn starts → first seen', run.breakdown.toSeen),
  ]);
  console.log('\nSame-run floor:\n');
  printTable([
    ['baseline', 'n', 'p50', 'p95', 'p99', 'max'],
    row('database round trip (SELECT 1)', run.roundTrips),
    row('one WIP poll (4 round trips + rows), idle', run.idleCycles),
    row('one WIP poll during approvals', run.pollCycles),
    row('bare broker hop: produce ack → consumed', run.brokerHop.fromAck),
    row('bare broker hop: produce start → consumed', run.brokerHop.fromSend),
  ]);
  console.log(
    `Poll interval ${POLL_MS} ms: a first-seen time is late by up to one interval plus one poll; ` +
      `stage times come from PostgreSQL timestamps (ms, same clock).`,
  );
  if (refused || missing)
    console.log(
      `\nWARNING: ${refused} approvals refused, ${missing} approved entries never seen in WIP within ${STRAGGLER_TIMEOUT_MS / 1000} s.`,
    );

  const sorted = sortedCopy(fromResponse);
  const p99 = percentile(sorted, 99);
  console.log(
    `\nSUMMARY event-latency: approve → WIP p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(p99)}, ` +
      `max ${ms(sorted[sorted.length - 1] ?? NaN)} over ${sorted.length} entries (target p99 < ${TARGET_P99_MS} ms: ` +
      `${p99 < TARGET_P99_MS && !missing && !refused ? 'met' : 'NOT met'}); floor: DB round trip p50 ${ms(median(run.roundTrips), 2)}, poll every ${POLL_MS} ms, ` +
      `bare broker hop p50 ${ms(median(run.brokerHop.fromAck))} / p99 ${ms(percentile(sortedCopy(run.brokerHop.fromAck), 99))}`,
  );
}

void withBenchStack({ rateLimitPerMinute: 100_000_000 }, main);
