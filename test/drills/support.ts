/**
 * What the drills share: booting billing in this process, positioning consumer groups, reading
 * billing's database and the consumer metrics, watching a topic, and the figures' statistics.
 *
 * The drills run against the infrastructure `@lawfirm/testing` describes, so a caller outside
 * jest (a benchmark script) must set what the integration global setup sets:
 * TEST_DATABASES, TEST_KAFKA_BROKERS and TEST_KEYS for every drill, and TEST_PG_SUPERUSER_URL
 * for the relay drill (it creates a scratch database). Nothing here uses jest's globals.
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createEnvelope,
  TimeEntryApprovedV1,
  TOPICS,
  type EventEnvelope,
  type NewEvent,
} from '@lawfirm/contracts';
import { createDataSource, withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import { bootService, headerTexts, serviceTestEnv, testKafka } from '@lawfirm/testing';
import { Partitioners, type Admin, type Consumer, type Kafka, type Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AppModule as BillingModule } from '../../services/billing/src/app.module';
import { BillingConfig } from '../../services/billing/src/config';

export const TIME_ENTRY_TOPIC = TOPICS.timeEntry.name;
export const MATTER_TOPIC = TOPICS.intakeMatter.name;

/** The environment variables a drill reads through `@lawfirm/testing`. */
export const DRILL_ENV = ['TEST_DATABASES', 'TEST_KAFKA_BROKERS', 'TEST_KEYS'] as const;

/** Fails at once, naming what is missing, rather than half-way through a drill. */
export function requireDrillEnvironment(extra: readonly string[] = []): void {
  const missing = [...DRILL_ENV, ...extra].filter((name) => !process.env[name]);
  if (missing.length) {
    throw new Error(
      `drill environment incomplete: set ${missing.join(', ')} (the integration global setup exports them)`,
    );
  }
}

export function shortId(): string {
  return randomUUID().slice(0, 8);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `probe` says yes; false (not an exception) when time runs out, so a drill can still report. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** Billing's consumer group for one of its consumers, as MessagingRuntime names it. */
export function billingGroup(groupPrefix: string, consumer: 'time-entries' | 'matters'): string {
  return `${groupPrefix}billing.${consumer}`;
}

/** Billing's Nest app in this process, consuming with the given group prefix (instances sharing it form one group). */
export async function bootBilling(
  groupPrefix: string,
): Promise<{ app: NestFastifyApplication; sessionTimeoutMs: number }> {
  const config = loadConfig(BillingConfig, serviceTestEnv('billing', { KAFKA_GROUP_PREFIX: groupPrefix }));
  const app = await bootService('billing', (logger) => BillingModule.register(config, logger));
  return { app, sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS };
}

/** A Kafka client and an admin on the test broker, closed together. */
export async function connectAdmin(clientId = `drill-${shortId()}`): Promise<{ kafka: Kafka; admin: Admin }> {
  const kafka = testKafka(clientId);
  const admin = kafka.admin();
  await admin.connect();
  return { kafka, admin };
}

export async function highWatermarks(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
}

/** Messages between the low and high watermarks: what a group reset to earliest reads again. */
export async function retainedMessages(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, { high, low }) => sum + Number(BigInt(high) - BigInt(low)), 0);
}

/**
 * Commits each topic's current end as a not-yet-running group's position, so the group reads only
 * what is produced from now on: the drill's own events, not the backlog other tests left. (kafkajs
 * commits through a short-lived member that waits out one fetch, about 5 s, hence all at once.)
 */
export async function positionAtEnd(
  admin: Admin,
  positions: Array<{ groupId: string; topic: string }>,
): Promise<void> {
  await Promise.all(
    positions.map(async ({ groupId, topic }) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
      });
    }),
  );
}

export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map((committed?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]));
}

/** True once the group has committed at least `targets` (next offset to read, per partition). */
export async function consumedUpTo(
  admin: Admin,
  groupId: string,
  topic: string,
  targets: Map<number, bigint>,
): Promise<boolean> {
  const committed = await committedOffsets(admin, groupId, topic);
  return [...targets].every(([partition, target]) => (committed.get(partition) ?? -1n) >= target);
}

/** The partition a key lands on: the default partitioner every producer here uses, over the topic's metadata. */
export async function partitionerFor(admin: Admin, topic: string): Promise<(key: string) => number> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const partitionMetadata = topics[0]?.partitions ?? [];
  if (partitionMetadata.length === 0) throw new Error(`no metadata for ${topic}`);
  const partition = Partitioners.DefaultPartitioner();
  return (key) => partition({ topic, partitionMetadata, message: { key, value: null } });
}

/** Members of a consumer group right now, and its state. */
export async function groupMembers(
  admin: Admin,
  groupId: string,
): Promise<{ state: string; members: string[] }> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  return {
    state: group?.state ?? 'Unknown',
    members: (group?.members ?? []).map((member) => member.memberId).sort(),
  };
}

/** An approved time entry as timekeeping records it (aggregate = the time entry), before it gets an id. */
export function approvedTimeEvent(
  firmId: string,
  matterId: string,
  minutes: number,
  timeEntryId: string = randomUUID(),
): NewEvent<TimeEntryApprovedV1> {
  return {
    type: TimeEntryApprovedV1.type,
    firmId,
    aggregateId: timeEntryId,
    actor: { type: 'user', id: 'drill-approver' },
    correlationId: randomUUID(),
    data: {
      timeEntryId,
      matterId,
      timekeeperId: 'drill-keeper',
      workDate: '2026-11-20',
      minutes,
      billedTenths: Math.ceil(minutes / 6),
      narrative: 'Drafted and revised the motion',
      billable: true,
      approvedAt: new Date().toISOString(),
      approvedBy: 'drill-approver',
    },
  };
}

/** The same, as an envelope ready to publish. */
export function approvedTime(
  firmId: string,
  matterId: string,
  minutes: number,
  timeEntryId: string = randomUUID(),
): EventEnvelope<TimeEntryApprovedV1> {
  return createEnvelope(approvedTimeEvent(firmId, matterId, minutes, timeEntryId));
}

/** The message the outbox relay would publish for an envelope: key = aggregate id, the relay's headers. */
export function wire(envelope: EventEnvelope<unknown>): Message {
  return {
    key: envelope.aggregateId,
    value: JSON.stringify(envelope),
    headers: {
      'content-type': 'application/json',
      'event-type': envelope.type,
      'correlation-id': envelope.correlationId,
    },
  };
}

/** Varied but reproducible durations (6 to 480 minutes). */
export function minutesFor(index: number): number {
  return 6 * (1 + ((index * 37) % 80));
}

/** The expected WIP of a firm, per matter, from what a drill produced. */
/** Billing's WIP for a drill's firm against what the drill produced. */
export interface WipOutcome {
  wipEntries: number;
  expectedWipEntries: number;
  wipMinutes: number;
  expectedWipMinutes: number;
  /** Matters whose WIP count or minutes differ from what was produced. */
  mattersMismatched: number;
}

export function wipOutcome(
  wip: Map<string, { entries: number; minutes: number }>,
  expected: ExpectedWip,
): WipOutcome {
  return {
    wipEntries: [...wip.values()].reduce((sum, matter) => sum + matter.entries, 0),
    expectedWipEntries: expected.entries,
    wipMinutes: [...wip.values()].reduce((sum, matter) => sum + matter.minutes, 0),
    expectedWipMinutes: expected.minutes,
    mattersMismatched: expected.mismatches(wip).length,
  };
}

export class ExpectedWip {
  readonly byMatter = new Map<string, { entries: number; minutes: number }>();

  add(matterId: string, minutes: number): void {
    const current = this.byMatter.get(matterId) ?? { entries: 0, minutes: 0 };
    this.byMatter.set(matterId, { entries: current.entries + 1, minutes: current.minutes + minutes });
  }

  get entries(): number {
    return [...this.byMatter.values()].reduce((sum, matter) => sum + matter.entries, 0);
  }

  get minutes(): number {
    return [...this.byMatter.values()].reduce((sum, matter) => sum + matter.minutes, 0);
  }

  /** Matters whose WIP differs from what was produced (count or minutes), or that have WIP nobody produced. */
  mismatches(actual: Map<string, { entries: number; minutes: number }>): string[] {
    const matters = new Set([...this.byMatter.keys(), ...actual.keys()]);
    return [...matters].filter((matterId) => {
      const expected = this.byMatter.get(matterId);
      const found = actual.get(matterId);
      return expected?.entries !== found?.entries || expected?.minutes !== found?.minutes;
    });
  }
}

/**
 * Billing's database as its app role (RLS on, one firm per transaction), for reading what the
 * consumers did; and as the owner for what an operator does (DDL, clearing a projection).
 */
export class BillingDatabase {
  private constructor(
    private readonly app: DataSource,
    private readonly owner: DataSource,
  ) {}

  static async open(urls: { app: string; owner: string }): Promise<BillingDatabase> {
    const app = createDataSource({
      url: urls.app,
      entities: [],
      applicationName: 'drill-reader',
      poolSize: 3,
    });
    const owner = createDataSource({
      url: urls.owner,
      entities: [],
      applicationName: 'drill-operator',
      poolSize: 1,
    });
    await app.initialize();
    try {
      await owner.initialize();
    } catch (error) {
      await app.destroy();
      throw error;
    }
    return new BillingDatabase(app, owner);
  }

  /** Inbox rows of one consumer group for the firm: which events it applied, and when. */
  async inbox(firmId: string, groupId: string): Promise<Map<string, Date>> {
    const rows = (await withTenant(this.app, firmId, (manager) =>
      manager.query(`SELECT event_id, processed_at FROM inbox WHERE consumer = $1`, [groupId]),
    )) as Array<{ event_id: string; processed_at: Date }>;
    return new Map(rows.map((row) => [row.event_id, row.processed_at]));
  }

  async inboxCount(firmId: string, groupId: string): Promise<number> {
    const rows = (await withTenant(this.app, firmId, (manager) =>
      manager.query(`SELECT count(*)::int AS count FROM inbox WHERE consumer = $1`, [groupId]),
    )) as Array<{ count: number }>;
    return rows[0]?.count ?? 0;
  }

  async wipByMatter(firmId: string): Promise<Map<string, { entries: number; minutes: number }>> {
    const rows = (await withTenant(this.app, firmId, (manager) =>
      manager.query(
        `SELECT matter_id, count(*)::int AS entries, sum(minutes)::int AS minutes FROM wip_entries GROUP BY matter_id`,
      ),
    )) as Array<{ matter_id: string; entries: number; minutes: number }>;
    return new Map(rows.map((row) => [row.matter_id, { entries: row.entries, minutes: row.minutes }]));
  }

  /** WIP rows by time entry, with the event that created each. */
  async wipSources(firmId: string): Promise<Map<string, string>> {
    const rows = (await withTenant(this.app, firmId, (manager) =>
      manager.query(`SELECT time_entry_id, source_event_id FROM wip_entries`),
    )) as Array<{ time_entry_id: string; source_event_id: string }>;
    return new Map(rows.map((row) => [row.time_entry_id, row.source_event_id]));
  }

  async projectedMatters(firmId: string): Promise<Map<string, { status: string; changedAt: string }>> {
    const rows = (await withTenant(this.app, firmId, (manager) =>
      manager.query(`SELECT matter_id, status, changed_at FROM matter_projection`),
    )) as Array<{ matter_id: string; status: string; changed_at: Date }>;
    return new Map(
      rows.map((row) => [row.matter_id, { status: row.status, changedAt: row.changed_at.toISOString() }]),
    );
  }

  /** As the owner (RLS is forced on it too, hence the firm scope). */
  async asOwner(firmId: string, sql: string, params: unknown[] = []): Promise<void> {
    await withTenant(this.owner, firmId, (manager) => manager.query(sql, params));
  }

  /** DDL as the owner, outside any firm. */
  async ownerDdl(sql: string): Promise<void> {
    await this.owner.query(sql);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.app.destroy(), this.owner.destroy()]);
  }
}

/** events_consumed_total of one consumer group and outcome (applied, duplicate, dead-lettered…), all event types. */
export async function consumedEvents(groupId: string, outcome: string): Promise<number> {
  const metric = register.getSingleMetric('events_consumed_total');
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => value.labels.consumer === groupId && value.labels.outcome === outcome)
    .reduce((sum, value) => sum + value.value, 0);
}

export interface TappedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  headers: Record<string, string>;
  envelope: EventEnvelope<unknown> | undefined;
}

/**
 * Watches topics from their current end (a group of its own per topic), keeping the messages `keep`
 * accepts: what actually went over the wire (copies, dead letters), independent of any consumer.
 */
export class TopicTap {
  readonly messages: TappedMessage[] = [];
  private readonly consumers: Consumer[] = [];

  static async open(
    kafka: Kafka,
    admin: Admin,
    topics: string[],
    keep: (message: TappedMessage) => boolean,
  ): Promise<TopicTap> {
    const tap = new TopicTap();
    const groups = topics.map((topic) => ({ groupId: `drill-tap-${shortId()}`, topic }));
    await positionAtEnd(admin, groups);
    try {
      for (const { groupId, topic } of groups) {
        const consumer = kafka.consumer({
          groupId,
          sessionTimeout: 6000,
          heartbeatInterval: 500,
          maxWaitTimeInMs: 100,
        });
        tap.consumers.push(consumer);
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: false });
        await consumer.run({
          eachMessage: async ({ partition, message }) => {
            const tapped: TappedMessage = {
              topic,
              partition,
              offset: BigInt(message.offset),
              headers: headerTexts(message.headers),
              envelope: parseEnvelope(message.value),
            };
            if (keep(tapped)) tap.messages.push(tapped);
          },
        });
      }
    } catch (error) {
      await tap.close();
      throw error;
    }
    return tap;
  }

  /** How many copies of each event id went over `topic`. */
  copies(topic: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.messages) {
      const id = message.envelope?.id;
      if (message.topic === topic && id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  /** Per partition of `topic`, the offset after the last kept message: where a consumer must have committed to have read them all. */
  endOffsets(topic: string): Map<number, bigint> {
    const ends = new Map<number, bigint>();
    for (const message of this.messages) {
      if (message.topic !== topic) continue;
      const end = message.offset + 1n;
      if (end > (ends.get(message.partition) ?? -1n)) ends.set(message.partition, end);
    }
    return ends;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((consumer) => consumer.disconnect()));
  }
}

function parseEnvelope(value: Buffer | null): EventEnvelope<unknown> | undefined {
  try {
    const parsed = JSON.parse(value?.toString() ?? '') as unknown;
    return parsed && typeof parsed === 'object' && 'id' in parsed
      ? (parsed as EventEnvelope<unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export interface LatencyFigures {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencyFigures(values: number[]): LatencyFigures {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? 0 };
}
