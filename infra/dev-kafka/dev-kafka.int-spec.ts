/**
 * Integration test of dev-kafka over the wire with kafkajs.
 *
 * Runs under jest, and also without it: `node -r @swc-node/register
 * infra/dev-kafka/smoke.ts` provides describe/it/beforeAll/afterAll and runs
 * this file (so it only uses node:assert, no jest `expect`).
 *
 * The first run may build the broker (~20-60 s, see build.sh); later runs
 * reuse the cached binary.
 */
import { strict as assert } from 'node:assert';
import { findFreePort, startDevKafka, type DevKafkaHandle } from './launcher';
import { DevKafkaWireChecks } from './wire-checks';

const TOPIC = 'dev-kafka-spec';
const PARTITIONS = 6; // not the auto-create default (4), so pre-creation is visible
const VERBOSE = process.env.DEV_KAFKA_TEST_VERBOSE === '1';

describe('dev-kafka (patched librdkafka mock cluster)', () => {
  let kafka: DevKafkaHandle | undefined;
  let checks: DevKafkaWireChecks;
  let brokerAddress = '';
  const brokerLog: string[] = [];
  const testLog: string[] = [];
  const log = (line: string): void => {
    testLog.push(line);
    if (VERBOSE) console.log(line);
  };
  const brokerLogSince = (from: number): string => brokerLog.slice(from).join('\n');

  beforeAll(async () => {
    kafka = await startDevKafka({
      port: await findFreePort(),
      topics: [{ name: TOPIC, partitions: PARTITIONS }],
      debug: 'mock', // the SyncGroup assertions below read the broker's debug log
      brokerLog: (line) => brokerLog.push(line),
      buildLog: (line) => log(line),
    });
    brokerAddress = kafka.brokers;
    log(`broker ${kafka.brokers} pid ${kafka.pid}`);
    checks = new DevKafkaWireChecks({ brokers: kafka.brokers, topic: TOPIC, partitions: PARTITIONS, log });
  }, 300_000);

  afterAll(async () => {
    await checks?.close();
    await kafka?.stop();
    if (!VERBOSE && checks?.crashes.length) console.log(testLog.join('\n'));
  }, 30_000);

  it('listens on the requested port and reports a real controller', async () => {
    assert.match(kafka!.brokers, /^127\.0\.0\.1:\d+$/);
    await checks.checkMetadata(); // admin.describeCluster + admin.fetchTopicMetadata
  }, 30_000);

  it('accepts an idempotent producer (acks -1, maxInFlightRequests 1)', async () => {
    await checks.produce('batch1', 30);
  }, 30_000);

  it('auto-creates unknown topics with 4 partitions', async () => {
    await checks.checkAutoCreate('dev-kafka-spec-auto');
  }, 30_000);

  it("two consumers split the partitions; a follower whose SyncGroup comes after the leader's gets its assignment", async () => {
    const from = brokerLog.length;
    // Hold back each consumer's follower SyncGroup so it surely arrives after
    // the leader's (unpatched, the mock answered INVALID_REQUEST here).
    await checks.addConsumer('a', { follower: 1500, leader: 0 });
    await checks.addConsumer('b', { follower: 1500, leader: 0 });
    await checks.waitForSplit();
    assert.ok(checks.delayed.follower >= 1, 'a follower SyncGroup was held back');
    assert.match(brokerLogSince(from), /synced after the leader, sending its assignment/);
    assert.equal(checks.assignmentOf('a').length + checks.assignmentOf('b').length, PARTITIONS);

    await checks.waitForAllMessages(); // batch1, produced before the group existed
    const before = new Set(checks.received.map((r) => r.value));
    await checks.produce('batch2', 30);
    await checks.waitForAllMessages();
    // Each consumer got batch2 only from its own partitions.
    const batch2 = new Set([...checks.expected].filter((v) => !before.has(v)));
    for (const name of ['a', 'b']) {
      const got = checks.partitionsReceivedBy(name, batch2);
      assert.ok(got.length > 0, `${name} received batch2 messages`);
      for (const p of got)
        assert.ok(checks.assignmentOf(name).includes(p), `${name} only reads its partitions`);
    }
    assert.deepEqual(checks.crashes, []);
  }, 60_000);

  it('survives a rebalance when one consumer leaves', async () => {
    const joinsA = checks.joinCount('a');
    await checks.removeConsumer('b');
    await checks.waitForSplit({ a: joinsA }); // a re-joined and owns everything
    assert.equal(checks.assignmentOf('a').length, PARTITIONS);
    await checks.produce('batch3', 30);
    await checks.waitForAllMessages();
    assert.deepEqual(checks.crashes, []);
  }, 60_000);

  it('makes a follower whose SyncGroup comes first wait for the leader', async () => {
    const from = brokerLog.length;
    const joinsA = checks.joinCount('a');
    // a stays leader (first member); hold back its leader SyncGroup instead.
    checks.setDelay('a', { leader: 1500, follower: 0 });
    await checks.addConsumer('c');
    await checks.waitForSplit({ a: joinsA });
    assert.ok(checks.wasLeader('a'), 'a led the new generation');
    assert.ok(checks.delayed.leader >= 1, "the leader's SyncGroup was held back");
    assert.match(
      brokerLogSince(from),
      /awaiting the leader's SyncGroup \(\d+\/\d+ members assigned\) in state Syncing/,
    );
    await checks.produce('batch4', 30);
    await checks.waitForAllMessages();
    assert.deepEqual(checks.crashes, []);
  }, 60_000);

  it('stops cleanly on SIGTERM', async () => {
    await checks.close();
    const handle = kafka!;
    kafka = undefined;
    await handle.stop();
    const { code, signal } = await handle.exited;
    assert.equal(signal, null);
    assert.equal(code, 0);
  }, 30_000);

  it('starts again on the same port right after a stop', async () => {
    const port = Number(brokerAddress.split(':')[1]);
    kafka = await startDevKafka({ port, topics: [{ name: TOPIC, partitions: PARTITIONS }] });
    assert.equal(kafka.brokers, brokerAddress);
    // A fresh in-memory cluster: the pre-created topic exists again.
    await new DevKafkaWireChecks({
      brokers: kafka.brokers,
      topic: TOPIC,
      partitions: PARTITIONS,
      log,
    }).checkMetadata();
  }, 30_000);
});
