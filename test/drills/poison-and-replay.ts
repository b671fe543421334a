/**
 * Drill: a poison message in billing, its repair, and re-driving a projection.
 *
 * 1. Poison. A faulty database rule in billing (a trigger on wip_entries, limited to the drill's
 *    firm, that refuses entries longer than a day) makes one approved-time event fail on every
 *    attempt. Billing retries it with backoff, then parks it on `<topic>.dlq`; the events behind it
 *    on the same partition must be applied meanwhile and right after.
 * 2. Fix and replay. The rule is dropped, then the letter is re-driven with `replayDeadLetters`, the
 *    code `npm run dlq:replay -- --topic … --group …` runs, and billing applies it once. A second run
 *    finds nothing left to replay; a third, after the replay's own progress was reset (as an operator
 *    would by resetting its consumer group), sends the letter again and billing's inbox drops it.
 * 3. Offset reset. Billing stops; the firm's matter projection and that consumer's inbox rows are
 *    cleared (a lost projection being rebuilt); both billing groups are reset to the earliest offset
 *    with kafkajs `admin.resetOffsets` while no member runs; billing starts again. The matter
 *    projection must come back as it was, and re-reading every approved-time event must leave WIP
 *    and its inbox exactly as they were.
 *
 * The EventConsumer-level behaviour (letter headers, replay filtering) is covered by
 * libs/messaging/src/messaging.int-spec.ts; this drill runs the real billing service end to end.
 * Environment: see ./support.ts (TEST_DATABASES, TEST_KAFKA_BROKERS, TEST_KEYS).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dlqTopicOf, MatterClosedV1 } from '@lawfirm/contracts';
import {
  createKafka,
  DLQ_HEADERS,
  parseBrokers,
  replayDeadLetters,
  type ReplayResult,
} from '@lawfirm/messaging';
import { newFirmId, publishMatter, testBrokers, testDatabase, testProducer } from '@lawfirm/testing';
import { randomUUID } from 'node:crypto';
import {
  approvedTime,
  BillingDatabase,
  billingGroup,
  bootBilling,
  connectAdmin,
  consumedEvents,
  consumedUpTo,
  ExpectedWip,
  highWatermarks,
  latencyFigures,
  MATTER_TOPIC,
  minutesFor,
  partitionerFor,
  positionAtEnd,
  requireDrillEnvironment,
  retainedMessages,
  shortId,
  sleep,
  TIME_ENTRY_TOPIC,
  TopicTap,
  waitUntil,
  wire,
  type LatencyFigures,
} from './support';

export interface PoisonAndReplayScale {
  matters: number;
  /** Approved time entries applied before the poison arrives: the WIP the offset reset re-drives. */
  timeEntries: number;
  /** Events produced behind the poison on its partition, one every `followerEveryMs` (default 150). */
  followers: number;
  followerEveryMs?: number;
  /** How long each phase may take (default 60 s). */
  phaseTimeoutMs?: number;
}

export interface PoisonAndReplayReport {
  firmId: string;
  groupPrefix: string;
  sessionTimeoutMs: number;
  poison: {
    partition: number;
    /** Parked on the DLQ by billing's time-entries group. */
    parked: boolean;
    /** Attempts before it was parked (the dlq-attempts header), and the error it carries. */
    attempts: number;
    error: string;
    /** Produced → parked (the dlq-failed-at header). */
    parkedAfterMs: number;
    /** Applied (inbox row or WIP row) before the fix: must not be. */
    appliedBeforeFix: boolean;
    followersProduced: number;
    /** Followers applied before the fix. */
    followersApplied: number;
    /** Produce → applied of the followers on the poison's partition. */
    followerLatencyMs: LatencyFigures;
    /** The same for the followers produced after the poison was parked. */
    followerLatencyAfterParkedMs: LatencyFigures;
  };
  replay: {
    first: ReplayResult;
    /** Replay → the poison's inbox row. */
    appliedAfterMs: number;
    second: ReplayResult;
    /** After the replay's progress group was reset to the earliest offset. */
    forced: ReplayResult;
    /** Copies of the poison event on the topic (original + replays). */
    copiesOnTopic: number;
    /** Billing's group committed past the last copy. */
    consumedEveryCopy: boolean;
    poisonInboxRows: number;
    poisonWipRows: number;
    wipEntries: number;
    expectedWipEntries: number;
    wipMinutes: number;
    expectedWipMinutes: number;
    mattersMismatched: number;
  };
  reset: {
    /** Messages between the low and high watermark that the reset groups read again. */
    rereadMatterMessages: number;
    rereadTimeEntryMessages: number;
    projectionBefore: number;
    projectionAfterClearing: number;
    projectionAfter: number;
    /** Same matters with the same status and changedAt as before the loss. */
    projectionRestored: boolean;
    matterEvents: number;
    matterInboxRowsAfter: number;
    timeEntryInboxRowsBefore: number;
    timeEntryInboxRowsAfter: number;
    /** WIP per matter identical before and after the re-drive. */
    wipUnchanged: boolean;
    /** Deliveries of the time-entries group turned away by its inbox during the re-drive (all firms). */
    duplicatesSkipped: number;
    /** Both groups committed up to the watermarks taken at the reset. */
    caughtUp: boolean;
    redriveMs: number;
  };
}

/** Minutes in a day: the faulty rule refuses anything longer. */
const DAY_MINUTES = 24 * 60;

export async function runPoisonAndReplay(scale: PoisonAndReplayScale): Promise<PoisonAndReplayReport> {
  requireDrillEnvironment();
  const phaseTimeoutMs = scale.phaseTimeoutMs ?? 60_000;
  const firmId = newFirmId();
  const groupPrefix = `drill-poison-${shortId()}.`;
  const timeEntries = billingGroup(groupPrefix, 'time-entries');
  const matters = billingGroup(groupPrefix, 'matters');
  const dlqTopic = dlqTopicOf(TIME_ENTRY_TOPIC);
  const rule = `drill_wip_rule_${shortId()}`;
  const { kafka, admin } = await connectAdmin();
  const database = await BillingDatabase.open(testDatabase('billing'));
  const producer = await testProducer();
  let billing: NestFastifyApplication | undefined;
  let tap: TopicTap | undefined;
  let ruleInstalled = false;
  const dropRule = async (): Promise<void> => {
    await database.ownerDdl(`DROP TRIGGER IF EXISTS ${rule} ON wip_entries`);
    await database.ownerDdl(`DROP FUNCTION IF EXISTS ${rule}()`);
    ruleInstalled = false;
  };
  try {
    const [opened] = await Promise.all([
      TopicTap.open(
        kafka,
        admin,
        [TIME_ENTRY_TOPIC, dlqTopic],
        (message) => message.envelope?.firmId === firmId,
      ),
      positionAtEnd(admin, [
        { groupId: timeEntries, topic: TIME_ENTRY_TOPIC },
        { groupId: matters, topic: MATTER_TOPIC },
      ]),
    ]);
    tap = opened;
    // Only this firm's over-long entries hit it, so other tests writing WIP at the same time are untouched.
    await database.ownerDdl(
      `CREATE FUNCTION ${rule}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'wip rule: an entry cannot exceed one day (% minutes)', NEW.minutes; END $$`,
    );
    ruleInstalled = true;
    await database.ownerDdl(
      `CREATE TRIGGER ${rule} BEFORE INSERT ON wip_entries FOR EACH ROW
       WHEN (NEW.firm_id = '${firmId}' AND NEW.minutes > ${DAY_MINUTES}) EXECUTE FUNCTION ${rule}()`,
    );
    const booted = await bootBilling(groupPrefix);
    billing = booted.app;

    // The firm's matters (some closed later, so the projection has history to get right) and its WIP.
    const matterIds = Array.from({ length: scale.matters }, () => randomUUID());
    const openedAt = Date.now() - 60_000;
    let matterEvents = 0;
    for (const [index, matterId] of matterIds.entries()) {
      await publishMatter(producer, firmId, { matterId, changedAt: new Date(openedAt) });
      matterEvents += 1;
      if (index % 3 === 0) {
        await publishMatter(producer, firmId, {
          matterId,
          type: MatterClosedV1.type,
          status: 'closed',
          changedAt: new Date(openedAt + 1000),
        });
        matterEvents += 1;
      }
    }
    const expected = new ExpectedWip();
    const background = Array.from({ length: scale.timeEntries }, (_, index) => {
      const matterId = matterIds[index % matterIds.length]!;
      expected.add(matterId, minutesFor(index));
      return approvedTime(firmId, matterId, minutesFor(index));
    });
    for (let start = 0; start < background.length; start += 100) {
      await producer.send({
        topic: TIME_ENTRY_TOPIC,
        acks: -1,
        messages: background.slice(start, start + 100).map(wire),
      });
    }
    await waitUntil(
      async () =>
        (await database.inboxCount(firmId, timeEntries)) === background.length &&
        (await database.projectedMatters(firmId)).size === matterIds.length,
      phaseTimeoutMs,
    );

    // 1. The poison, and followers on its partition (keys chosen to land there).
    const partitionOf = await partitionerFor(admin, TIME_ENTRY_TOPIC);
    const poisonEntryId = randomUUID();
    const partition = partitionOf(poisonEntryId);
    const poisonMatter = matterIds[0]!;
    const poison = approvedTime(firmId, poisonMatter, DAY_MINUTES + 60, poisonEntryId);
    const poisonProducedAt = Date.now();
    await producer.send({ topic: TIME_ENTRY_TOPIC, acks: -1, messages: [wire(poison)] });
    const followers: Array<{ id: string; producedAt: number }> = [];
    for (let index = 0; index < scale.followers; index += 1) {
      let timeEntryId = randomUUID();
      while (partitionOf(timeEntryId) !== partition) timeEntryId = randomUUID();
      const matterId = matterIds[index % matterIds.length]!;
      const minutes = minutesFor(background.length + index);
      const follower = approvedTime(firmId, matterId, minutes, timeEntryId);
      expected.add(matterId, minutes);
      followers.push({ id: follower.id, producedAt: Date.now() });
      await producer.send({ topic: TIME_ENTRY_TOPIC, acks: -1, messages: [wire(follower)] });
      await sleep(scale.followerEveryMs ?? 150);
    }
    const letterOf = () =>
      tap!.messages.find(
        (message) =>
          message.topic === dlqTopic &&
          message.envelope?.id === poison.id &&
          message.headers[DLQ_HEADERS.consumerGroup] === timeEntries,
      );
    const parked = await waitUntil(async () => letterOf() !== undefined, phaseTimeoutMs);
    await waitUntil(async () => {
      const inbox = await database.inbox(firmId, timeEntries);
      return followers.every((follower) => inbox.has(follower.id));
    }, phaseTimeoutMs);
    const letter = letterOf();
    const parkedAt = letter ? Date.parse(letter.headers[DLQ_HEADERS.failedAt] ?? '') : Number.NaN;
    const inboxBeforeFix = await database.inbox(firmId, timeEntries);
    const appliedFollowers = followers.filter((follower) => inboxBeforeFix.has(follower.id));
    const latencyOf = (follower: { id: string; producedAt: number }): number =>
      inboxBeforeFix.get(follower.id)!.getTime() - follower.producedAt;
    const poisonReport: PoisonAndReplayReport['poison'] = {
      partition,
      parked,
      attempts: Number(letter?.headers[DLQ_HEADERS.attempts] ?? 0),
      error: letter?.headers[DLQ_HEADERS.error] ?? '',
      parkedAfterMs: parkedAt - poisonProducedAt,
      appliedBeforeFix:
        inboxBeforeFix.has(poison.id) || (await database.wipSources(firmId)).has(poisonEntryId),
      followersProduced: followers.length,
      followersApplied: appliedFollowers.length,
      followerLatencyMs: latencyFigures(appliedFollowers.map(latencyOf)),
      followerLatencyAfterParkedMs: latencyFigures(
        appliedFollowers.filter((follower) => follower.producedAt >= parkedAt).map(latencyOf),
      ),
    };

    // 2. The fix, then the replay as the CLI runs it (its own client, filtered to billing's group).
    await dropRule();
    expected.add(poisonMatter, poison.data.minutes);
    const replayKafka = createKafka({ brokers: parseBrokers(testBrokers()), clientId: 'dlq-replay' });
    const replay = (): Promise<ReplayResult> =>
      replayDeadLetters({ kafka: replayKafka, topic: TIME_ENTRY_TOPIC, consumerGroup: timeEntries });
    const replayedAt = Date.now();
    const first = await replay();
    await waitUntil(
      async () => (await database.inbox(firmId, timeEntries)).has(poison.id),
      phaseTimeoutMs,
      100,
    );
    const appliedAfterMs = Date.now() - replayedAt;
    const second = await replay();
    // dlq-replay keeps its progress in this group (see replayDeadLetters); resetting it makes the next run send the letter again.
    await admin.resetOffsets({
      groupId: `dlq-replay.${TIME_ENTRY_TOPIC}.${timeEntries}`,
      topic: dlqTopic,
      earliest: true,
    });
    const forced = await replay();
    const poisonCopies = (): number => tap!.copies(TIME_ENTRY_TOPIC).get(poison.id) ?? 0;
    await waitUntil(
      async () => poisonCopies() >= 1 + first.replayed + second.replayed + forced.replayed,
      15_000,
    );
    const consumedEveryCopy = await waitUntil(
      async () => consumedUpTo(admin, timeEntries, TIME_ENTRY_TOPIC, tap!.endOffsets(TIME_ENTRY_TOPIC)),
      phaseTimeoutMs,
    );
    const wipAfterReplay = await database.wipByMatter(firmId);
    const replayReport: PoisonAndReplayReport['replay'] = {
      first,
      appliedAfterMs,
      second,
      forced,
      copiesOnTopic: poisonCopies(),
      consumedEveryCopy,
      poisonInboxRows: (await database.inbox(firmId, timeEntries)).has(poison.id) ? 1 : 0,
      poisonWipRows: (await database.wipSources(firmId)).get(poisonEntryId) === poison.id ? 1 : 0,
      wipEntries: [...wipAfterReplay.values()].reduce((sum, matter) => sum + matter.entries, 0),
      expectedWipEntries: expected.entries,
      wipMinutes: [...wipAfterReplay.values()].reduce((sum, matter) => sum + matter.minutes, 0),
      expectedWipMinutes: expected.minutes,
      mattersMismatched: expected.mismatches(wipAfterReplay).length,
    };

    // 3. Lose the matter projection, reset both groups to the earliest offset, start billing again.
    const projectionBefore = await database.projectedMatters(firmId);
    const wipBefore = await database.wipByMatter(firmId);
    const timeEntryInboxRowsBefore = await database.inboxCount(firmId, timeEntries);
    await billing.close();
    billing = undefined;
    await database.asOwner(firmId, `DELETE FROM matter_projection`);
    await database.asOwner(firmId, `DELETE FROM inbox WHERE consumer = $1`, [matters]);
    const projectionAfterClearing = (await database.projectedMatters(firmId)).size;
    const duplicatesBefore = await consumedEvents(timeEntries, 'duplicate');
    await Promise.all([
      admin.resetOffsets({ groupId: matters, topic: MATTER_TOPIC, earliest: true }),
      admin.resetOffsets({ groupId: timeEntries, topic: TIME_ENTRY_TOPIC, earliest: true }),
    ]);
    const matterTargets = await highWatermarks(admin, MATTER_TOPIC);
    const timeEntryTargets = await highWatermarks(admin, TIME_ENTRY_TOPIC);
    const rereadMatterMessages = await retainedMessages(admin, MATTER_TOPIC);
    const rereadTimeEntryMessages = await retainedMessages(admin, TIME_ENTRY_TOPIC);
    const restartedAt = Date.now();
    billing = (await bootBilling(groupPrefix)).app;
    const caughtUp = await waitUntil(
      async () =>
        (await consumedUpTo(admin, matters, MATTER_TOPIC, matterTargets)) &&
        (await consumedUpTo(admin, timeEntries, TIME_ENTRY_TOPIC, timeEntryTargets)) &&
        (await database.projectedMatters(firmId)).size === projectionBefore.size,
      phaseTimeoutMs,
      250,
    );
    const redriveMs = Date.now() - restartedAt;
    const projectionAfter = await database.projectedMatters(firmId);
    const wipAfter = await database.wipByMatter(firmId);
    return {
      firmId,
      groupPrefix,
      sessionTimeoutMs: booted.sessionTimeoutMs,
      poison: poisonReport,
      replay: replayReport,
      reset: {
        rereadMatterMessages,
        rereadTimeEntryMessages,
        projectionBefore: projectionBefore.size,
        projectionAfterClearing,
        projectionAfter: projectionAfter.size,
        projectionRestored: sameEntries(projectionBefore, projectionAfter),
        matterEvents,
        matterInboxRowsAfter: await database.inboxCount(firmId, matters),
        timeEntryInboxRowsBefore,
        timeEntryInboxRowsAfter: await database.inboxCount(firmId, timeEntries),
        wipUnchanged: sameEntries(wipBefore, wipAfter),
        duplicatesSkipped: (await consumedEvents(timeEntries, 'duplicate')) - duplicatesBefore,
        caughtUp,
        redriveMs,
      },
    };
  } finally {
    if (ruleInstalled) await dropRule().catch(() => undefined);
    await billing?.close().catch(() => undefined);
    await tap?.close();
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await database.close();
  }
}

function sameEntries<T>(before: Map<string, T>, after: Map<string, T>): boolean {
  return (
    before.size === after.size &&
    [...before].every(([key, value]) => JSON.stringify(after.get(key)) === JSON.stringify(value))
  );
}
