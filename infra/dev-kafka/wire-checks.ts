/**
 * Over-the-wire checks of a running dev-kafka broker with kafkajs, shared by
 * dev-kafka.int-spec.ts (jest) and smoke.ts (plain node).
 *
 * Each step throws (node:assert) when the broker misbehaves.
 */
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type ISocketFactory,
  type LogEntry,
  type Producer,
} from 'kafkajs';

/** kafkajs settings that work with dev-kafka (see README.md). */
export const CONSUMER_SETTINGS = {
  sessionTimeout: 5000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 200,
} as const;

const SYNC_GROUP_API_KEY = 14;

/** Delay (ms) added before a SyncGroup request leaves this client. */
export interface SyncDelay {
  /** for a follower's SyncGroup (no assignments in it) */
  follower: number;
  /** for the leader's SyncGroup (carries the assignments) */
  leader: number;
}

/**
 * For a kafkajs request buffer: 'leader' / 'follower' when it is a SyncGroup
 * request with / without assignments, otherwise null.
 */
export function syncGroupRole(buf: Buffer): 'leader' | 'follower' | null {
  try {
    // int32 size, int16 apiKey, int16 apiVersion, int32 correlationId, string clientId
    if (buf.length < 14 || buf.readInt16BE(4) !== SYNC_GROUP_API_KEY) return null;
    const apiVersion = buf.readInt16BE(6);
    let o = 12;
    const skipString = (): void => {
      const len = buf.readInt16BE(o);
      o += 2 + (len > 0 ? len : 0);
    };
    skipString(); // clientId
    skipString(); // groupId
    o += 4; // generationId
    skipString(); // memberId
    if (apiVersion >= 3) skipString(); // groupInstanceId
    return buf.readInt32BE(o) > 0 ? 'leader' : 'follower';
  } catch {
    return null;
  }
}

/**
 * A kafkajs socketFactory that holds back SyncGroup requests by the delay
 * configured in `delay` (read at send time, so it can be changed between
 * rebalances). Later writes on the same socket wait behind a held one, so the
 * request order on the wire is unchanged.
 */
export function syncDelaySocketFactory(
  delay: SyncDelay,
  onDelayed?: (role: 'leader' | 'follower', ms: number) => void,
): ISocketFactory {
  return ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    const originalWrite = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    let queue: Promise<void> | null = null;
    const patched = socket as unknown as { write: (...args: unknown[]) => boolean };
    patched.write = (...args: unknown[]): boolean => {
      const data = args[0];
      const role = Buffer.isBuffer(data) ? syncGroupRole(data) : null;
      const ms = role ? delay[role] : 0;
      if (ms <= 0 && !queue) return originalWrite(...args);
      if (role && ms > 0) onDelayed?.(role, ms);
      const mine: Promise<void> = (queue ?? Promise.resolve())
        .then(() => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : undefined))
        .then(() => {
          if (!socket.destroyed) originalWrite(...args);
        });
      queue = mine;
      void mine.then(() => {
        if (queue === mine) queue = null;
      });
      return true;
    };
    return socket;
  };
}

export async function waitFor(
  what: string,
  cond: () => boolean,
  timeoutMs: number,
  describeState?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${describeState ? `: ${describeState()}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Received {
  consumer: string;
  partition: number;
  offset: string;
  value: string;
}

interface GroupMember {
  name: string;
  consumer: Consumer;
  delay: SyncDelay;
  /** partitions of the topic from the latest GROUP_JOIN */
  assignment: number[] | null;
  joins: number;
  wasLeader: boolean;
  active: boolean;
}

export interface WireChecksOptions {
  brokers: string;
  /** pre-created topic and its partition count */
  topic: string;
  partitions: number;
  groupId?: string;
  log?: (line: string) => void;
}

/** Steps run in order: metadata, produce, group, leave, join. */
export class DevKafkaWireChecks {
  readonly delayed = { leader: 0, follower: 0 };
  readonly crashes: string[] = [];
  readonly received: Received[] = [];
  readonly expected = new Set<string>();

  private readonly members: GroupMember[] = [];
  private producer: Producer | null = null;
  private readonly groupId: string;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: WireChecksOptions) {
    this.groupId = opts.groupId ?? `dev-kafka-check-${process.pid}-${Date.now()}`;
    this.log = opts.log ?? (() => undefined);
  }

  private kafka(clientId: string, socketFactory?: ISocketFactory): Kafka {
    const log = this.log;
    return new Kafka({
      clientId,
      brokers: this.opts.brokers.split(','),
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ namespace, level, log: entry }: LogEntry) => {
          const { message, timestamp: _t, logger: _l, ...extra } = entry;
          const levelName =
            level === logLevel.ERROR ? 'ERROR' : level === logLevel.WARN ? 'WARN' : String(level);
          log(`[kafkajs ${clientId} ${levelName}] ${namespace}: ${message} ${JSON.stringify(extra)}`);
        },
      ...(socketFactory ? { socketFactory } : {}),
    });
  }

  /** admin: describeCluster (controller is a real broker) + fetchTopicMetadata. */
  async checkMetadata(): Promise<void> {
    const admin: Admin = this.kafka('dev-kafka-admin').admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      const ids = cluster.brokers.map((b) => b.nodeId);
      assert.ok(
        ids.includes(cluster.controller ?? -1),
        `controller ${cluster.controller} not in brokers ${ids}`,
      );

      const { topics } = await admin.fetchTopicMetadata({ topics: [this.opts.topic] });
      assert.equal(topics.length, 1);
      assert.equal(topics[0].name, this.opts.topic);
      const partitions = topics[0].partitions.map((p) => p.partitionId).sort((a, b) => a - b);
      assert.deepEqual(
        partitions,
        Array.from({ length: this.opts.partitions }, (_, i) => i),
        'pre-created topic has the requested partitions',
      );
      for (const p of topics[0].partitions)
        assert.ok(ids.includes(p.leader), `partition ${p.partitionId} leader`);
      this.log(
        `metadata ok: controller=${cluster.controller} brokers=${ids} ${this.opts.topic}=${partitions.length} partitions`,
      );
    } finally {
      await admin.disconnect();
    }
  }

  private async getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka('dev-kafka-producer').producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  /** Idempotent producer, acks -1: `count` messages spread over all partitions. */
  async produce(batch: string, count: number): Promise<void> {
    const producer = await this.getProducer();
    const messages = Array.from({ length: count }, (_, i) => ({
      key: `${batch}-k${i}`,
      value: `${batch}-${i}`,
      partition: i % this.opts.partitions,
    }));
    const meta = await producer.send({ topic: this.opts.topic, acks: -1, messages });
    for (const m of meta) assert.equal(m.errorCode, 0, `produce error on partition ${m.partition}`);
    for (const m of messages) this.expected.add(m.value);
    this.log(`produced ${count} messages (${batch})`);
  }

  /** Sends to an unknown topic and checks it was auto-created with 4 partitions. */
  async checkAutoCreate(topic: string): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({ topic, acks: -1, messages: [{ value: 'x' }] });
    const admin = this.kafka('dev-kafka-admin2').admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      assert.equal(topics[0].partitions.length, 4, 'auto-created topics have 4 partitions');
    } finally {
      await admin.disconnect();
    }
  }

  /** Starts a consumer in the group; `delay` can be changed later via setDelay. */
  async addConsumer(name: string, delay: SyncDelay = { leader: 0, follower: 0 }): Promise<void> {
    const member: GroupMember = {
      name,
      delay: { ...delay },
      assignment: null,
      joins: 0,
      wasLeader: false,
      active: true,
      consumer: undefined as unknown as Consumer,
    };
    const factory = syncDelaySocketFactory(member.delay, (role, ms) => {
      this.delayed[role]++;
      this.log(`${name}: holding back its ${role} SyncGroup for ${ms} ms`);
    });
    const consumer = this.kafka(`dev-kafka-${name}`, factory).consumer({
      groupId: this.groupId,
      ...CONSUMER_SETTINGS,
    });
    member.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      member.assignment = [...(e.payload.memberAssignment[this.opts.topic] ?? [])].sort((a, b) => a - b);
      member.joins++;
      member.wasLeader = e.payload.isLeader;
      this.log(`${name}: joined (leader=${e.payload.isLeader}) partitions=[${member.assignment}]`);
    });
    consumer.on(consumer.events.CRASH, (e) => {
      const msg = `${name}: CRASH ${e.payload.error?.message ?? e.payload.error}`;
      this.crashes.push(msg);
      this.log(msg);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.opts.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        this.received.push({
          consumer: name,
          partition,
          offset: message.offset,
          value: message.value?.toString() ?? '',
        });
      },
    });
    this.members.push(member);
  }

  setDelay(name: string, delay: SyncDelay): void {
    const m = this.member(name);
    m.delay.leader = delay.leader;
    m.delay.follower = delay.follower;
  }

  private member(name: string): GroupMember {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new Error(`no consumer ${name}`);
    return m;
  }

  joinCount(name: string): number {
    return this.member(name).joins;
  }

  wasLeader(name: string): boolean {
    return this.member(name).wasLeader;
  }

  private assignmentState(): string {
    return this.members
      .filter((m) => m.active)
      .map((m) => `${m.name}=[${m.assignment ?? '-'}] joins=${m.joins}`)
      .join(' ');
  }

  /**
   * Waits until the active consumers' assignments split all partitions
   * between them (disjoint, complete, none empty when possible), each having
   * joined more than `minJoins[name]` times.
   */
  async waitForSplit(minJoins: Record<string, number> = {}, timeoutMs = 30_000): Promise<void> {
    const all = Array.from({ length: this.opts.partitions }, (_, i) => i);
    await waitFor(
      'the group to split the partitions',
      () => {
        const active = this.members.filter((m) => m.active);
        if (active.some((m) => m.assignment === null || m.joins <= (minJoins[m.name] ?? 0))) return false;
        const owned = active.flatMap((m) => m.assignment ?? []).sort((a, b) => a - b);
        if (owned.length !== all.length || owned.some((p, i) => p !== all[i])) return false;
        return active.length > all.length || active.every((m) => (m.assignment ?? []).length > 0);
      },
      timeoutMs,
      () => this.assignmentState(),
    );
    this.log(`group split: ${this.assignmentState()}`);
  }

  /** Waits for every produced message, then checks exactly-once and ownership. */
  async waitForAllMessages(timeoutMs = 20_000): Promise<void> {
    await waitFor(
      `all ${this.expected.size} messages`,
      () => new Set(this.received.map((r) => r.value)).size >= this.expected.size,
      timeoutMs,
      () => `${new Set(this.received.map((r) => r.value)).size} distinct received; ${this.assignmentState()}`,
    );
    // Give duplicates (if any) a moment to show up, and offset commits to land.
    await new Promise((r) => setTimeout(r, 500));
    const counts = new Map<string, number>();
    for (const r of this.received) counts.set(r.value, (counts.get(r.value) ?? 0) + 1);
    const dupes = [...counts].filter(([, n]) => n > 1).map(([v, n]) => `${v}x${n}`);
    assert.deepEqual(dupes, [], 'every message is received exactly once');
    const unexpected = [...counts.keys()].filter((v) => !this.expected.has(v));
    assert.deepEqual(unexpected, [], 'no unexpected messages');
    assert.equal(counts.size, this.expected.size);
  }

  /** Per consumer: which partitions it received messages from. */
  partitionsReceivedBy(name: string, values?: Set<string>): number[] {
    return [
      ...new Set(
        this.received
          .filter((r) => r.consumer === name && (!values || values.has(r.value)))
          .map((r) => r.partition),
      ),
    ].sort((a, b) => a - b);
  }

  assignmentOf(name: string): number[] {
    return [...(this.member(name).assignment ?? [])];
  }

  /** Disconnects one consumer (LeaveGroup); the rest rebalance. */
  async removeConsumer(name: string): Promise<void> {
    const m = this.member(name);
    m.active = false;
    await m.consumer.disconnect();
    this.log(`${name}: left the group`);
  }

  async close(): Promise<void> {
    for (const m of this.members) {
      if (m.active) {
        m.active = false;
        await m.consumer.disconnect().catch(() => undefined);
      }
    }
    if (this.producer) {
      await this.producer.disconnect().catch(() => undefined);
      this.producer = null;
    }
  }
}
