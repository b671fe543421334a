/**
 * Drill: a rebalance storm. Three billing instances (Nest apps in this process, one group prefix,
 * so one consumer group per billing consumer) keep leaving (app.close: the consumer leaves the
 * group) and joining again (a fresh boot) while approved-time events of one fresh firm flow
 * steadily, keyed by time entry as timekeeping's relay keys them, spread over many matters.
 *
 * It reports whether every event was applied exactly once (inbox rows, WIP per matter, the WIP
 * row's source event), how many were lost, how long partitions stalled, and how much churn the
 * broker really saw. Environment: see ./support.ts (TEST_DATABASES, TEST_KAFKA_BROKERS, TEST_KEYS).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { newFirmId, publishMatter, testDatabase, testProducer } from '@lawfirm/testing';
import { randomUUID } from 'node:crypto';
import {
  approvedTime,
  BillingDatabase,
  billingGroup,
  bootBilling,
  connectAdmin,
  consumedEvents,
  ExpectedWip,
  groupMembers,
  latencyFigures,
  MATTER_TOPIC,
  minutesFor,
  partitionerFor,
  positionAtEnd,
  requireDrillEnvironment,
  shortId,
  sleep,
  TIME_ENTRY_TOPIC,
  waitUntil,
  wire,
  type LatencyFigures,
  type WipOutcome,
  wipOutcome,
} from './support';

export interface RebalanceStormScale {
  /** How long approved-time events flow. */
  flowMs: number;
  eventsPerSecond: number;
  /** Matters of the firm the time entries are spread over. */
  matters: number;
  /** Time between two churn actions; each action takes one instance out or brings it back. */
  churnEveryMs: number;
  /** How long the consumers may take to apply the rest once the flow stops (default 60 s). */
  drainTimeoutMs?: number;
}

export interface RebalanceStormReport extends WipOutcome {
  firmId: string;
  groupPrefix: string;
  sessionTimeoutMs: number;
  /** Approved-time events produced (one per time entry). */
  produced: number;
  /** Produced events with an inbox row of billing's time-entries group. */
  applied: number;
  lost: number;
  /** Inbox rows of the group for the firm (equal to `produced` when nothing extra was recorded). */
  inboxRows: number;
  /** WIP rows whose source event is not the one event produced for their time entry. */
  wipRowsFromAnotherEvent: number;
  projectedMatters: number;
  /** Instances started before the flow. */
  initialInstances: number;
  /** Instances closed during the flow (their consumers left the groups). */
  leaves: number;
  /** Instances booted during the flow (their consumers joined the groups). */
  joins: number;
  /** Distinct member ids the broker reported for the time-entries group over the drill. */
  distinctMembersSeen: number;
  /** Times the member list of the time-entries group was seen to change during the flow. */
  membershipChangesSeen: number;
  /** Produce (before the send) → applied (inbox processed_at, the applying transaction's start). */
  latencyMs: LatencyFigures;
  /** Longest time any partition had an event waiting and applied nothing (see `partitionStalls`). */
  maxPartitionStallMs: number;
  partitionStallMs: Record<number, number>;
  /** Deliveries the inbox turned away in this group during the drill (redeliveries after rebalances, all firms). */
  redeliveriesAbsorbed: number;
  flowMs: number;
  drainMs: number;
  drained: boolean;
  /** After the flow, the time-entries group was Stable with one member per running instance. */
  settled: boolean;
}

interface ProducedEvent {
  id: string;
  timeEntryId: string;
  partition: number;
  producedAt: number;
}

export async function runRebalanceStorm(scale: RebalanceStormScale): Promise<RebalanceStormReport> {
  requireDrillEnvironment();
  const firmId = newFirmId();
  const groupPrefix = `drill-storm-${shortId()}.`;
  const timeEntries = billingGroup(groupPrefix, 'time-entries');
  const matters = billingGroup(groupPrefix, 'matters');
  const { admin } = await connectAdmin();
  const database = await BillingDatabase.open(testDatabase('billing'));
  const producer = await testProducer();
  const instances: Array<NestFastifyApplication | undefined> = [undefined, undefined, undefined];
  let polling = true;
  let poller: Promise<void> | undefined;
  try {
    await positionAtEnd(admin, [
      { groupId: timeEntries, topic: TIME_ENTRY_TOPIC },
      { groupId: matters, topic: MATTER_TOPIC },
    ]);
    const partitionOf = await partitionerFor(admin, TIME_ENTRY_TOPIC);

    let sessionTimeoutMs = 0;
    for (let index = 0; index < instances.length; index += 1) {
      const booted = await bootBilling(groupPrefix);
      instances[index] = booted.app;
      sessionTimeoutMs = booted.sessionTimeoutMs;
    }
    const matterIds = Array.from({ length: scale.matters }, () => randomUUID());
    for (const matterId of matterIds) await publishMatter(producer, firmId, { matterId });
    // The flow starts once all three are members of a settled group, so the churn below is all
    // the churn there is.
    await waitUntil(async () => {
      const [entries, matterGroup] = [
        await groupMembers(admin, timeEntries),
        await groupMembers(admin, matters),
      ];
      return (
        entries.state === 'Stable' &&
        entries.members.length === 3 &&
        matterGroup.state === 'Stable' &&
        matterGroup.members.length === 3
      );
    }, 60_000);

    const membersSeen = new Set<string>();
    let membershipChangesSeen = 0;
    let flowing = false;
    poller = (async () => {
      let last = '';
      while (polling) {
        const { members } = await groupMembers(admin, timeEntries).catch(() => ({ members: [] as string[] }));
        for (const member of members) membersSeen.add(member);
        const signature = members.join(',');
        if (last && signature !== last && flowing) membershipChangesSeen += 1;
        last = signature;
        await sleep(250);
      }
    })();

    const expected = new ExpectedWip();
    const produced: ProducedEvent[] = [];
    const flowStart = Date.now();
    flowing = true;
    const flow = (async () => {
      const tickMs = 100;
      for (let tick = 0; Date.now() - flowStart < scale.flowMs; tick += 1) {
        const due = Math.floor(((tick + 1) * tickMs * scale.eventsPerSecond) / 1000) - produced.length;
        const batch = Array.from({ length: Math.max(0, due) }, () => {
          const index = produced.length;
          const matterId = matterIds[index % matterIds.length]!;
          const minutes = minutesFor(index);
          const envelope = approvedTime(firmId, matterId, minutes);
          expected.add(matterId, minutes);
          const event = {
            id: envelope.id,
            timeEntryId: envelope.data.timeEntryId,
            partition: partitionOf(envelope.data.timeEntryId),
            producedAt: 0,
          };
          produced.push(event);
          return { event, message: wire(envelope) };
        });
        if (batch.length) {
          const producedAt = Date.now();
          for (const { event } of batch) event.producedAt = producedAt;
          await producer.send({
            topic: TIME_ENTRY_TOPIC,
            acks: -1,
            messages: batch.map(({ message }) => message),
          });
        }
        const next = flowStart + (tick + 1) * tickMs;
        await sleep(Math.max(0, next - Date.now()));
      }
    })();

    // One instance out, then back, then the next one: two or three instances consume at every
    // moment, and every action makes both groups rebalance.
    let joins = 0;
    let leaves = 0;
    const churn = (async () => {
      for (
        let action = 1;
        action * scale.churnEveryMs <= scale.flowMs - scale.churnEveryMs / 2;
        action += 1
      ) {
        await sleep(Math.max(0, flowStart + action * scale.churnEveryMs - Date.now()));
        const index = Math.floor((action - 1) / 2) % instances.length;
        const running = instances[index];
        if (running) {
          instances[index] = undefined;
          await running.close();
          leaves += 1;
        } else {
          instances[index] = (await bootBilling(groupPrefix)).app;
          joins += 1;
        }
      }
    })();

    await Promise.all([flow, churn]);
    const flowMs = Date.now() - flowStart;
    flowing = false;

    const drainStart = Date.now();
    const drained = await waitUntil(
      async () =>
        (await database.inboxCount(firmId, timeEntries)) >= produced.length &&
        (await database.projectedMatters(firmId)).size === matterIds.length,
      scale.drainTimeoutMs ?? 60_000,
      250,
    );
    const drainMs = Date.now() - drainStart;
    // Whatever is running when the storm ends has joined and the group has settled: no instance is
    // left half-started (and the drill closes nothing that is still joining).
    const running = instances.filter((instance) => instance !== undefined).length;
    const settled = await waitUntil(async () => {
      const group = await groupMembers(admin, timeEntries);
      return group.state === 'Stable' && group.members.length === running;
    }, 30_000);
    polling = false;
    await poller;

    const inbox = await database.inbox(firmId, timeEntries);
    const wip = await database.wipByMatter(firmId);
    const sources = await database.wipSources(firmId);
    const appliedEvents = produced.filter((event) => inbox.has(event.id));
    const stalls = partitionStalls(
      appliedEvents.map((event) => ({ ...event, appliedAt: inbox.get(event.id)!.getTime() })),
    );

    return {
      firmId,
      groupPrefix,
      sessionTimeoutMs,
      produced: produced.length,
      applied: appliedEvents.length,
      lost: produced.length - appliedEvents.length,
      inboxRows: inbox.size,
      ...wipOutcome(wip, expected),
      wipRowsFromAnotherEvent: produced.filter(
        (event) => sources.has(event.timeEntryId) && sources.get(event.timeEntryId) !== event.id,
      ).length,
      projectedMatters: (await database.projectedMatters(firmId)).size,
      initialInstances: 3,
      leaves,
      joins,
      distinctMembersSeen: membersSeen.size,
      membershipChangesSeen,
      latencyMs: latencyFigures(
        appliedEvents.map((event) => inbox.get(event.id)!.getTime() - event.producedAt),
      ),
      maxPartitionStallMs: Math.max(0, ...Object.values(stalls)),
      partitionStallMs: stalls,
      redeliveriesAbsorbed: await consumedEvents(timeEntries, 'duplicate'),
      flowMs,
      drainMs,
      drained,
      settled,
    };
  } finally {
    polling = false;
    await poller?.catch(() => undefined);
    await Promise.allSettled(instances.map((instance) => instance?.close()));
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await database.close();
  }
}

/**
 * The longest time each partition spent with an event waiting and nothing applied. Events of a
 * partition are applied in offset order, which is produce order here (one idempotent producer),
 * so walking them by applied time, each event was waiting from the later of its produce time and
 * the previous event's application until its own application: that stretch is a stall of the
 * partition (it includes the ordinary fetch-and-apply time, so it is never zero). A partition
 * whose owner left, or that waits for a rebalance to hand it out, shows the wait here; a
 * partition with nothing to do is not counted as stalled. Produce times are the client's clock,
 * applied times PostgreSQL's; the drill assumes both run on one machine.
 */
function partitionStalls(
  events: Array<{ partition: number; producedAt: number; appliedAt: number }>,
): Record<number, number> {
  const byPartition = new Map<number, Array<{ producedAt: number; appliedAt: number }>>();
  for (const event of events) {
    const partitionEvents = byPartition.get(event.partition) ?? [];
    partitionEvents.push(event);
    byPartition.set(event.partition, partitionEvents);
  }
  const stalls: Record<number, number> = {};
  for (const [partition, partitionEvents] of byPartition) {
    partitionEvents.sort((a, b) => a.appliedAt - b.appliedAt);
    let previousApplied = Number.NEGATIVE_INFINITY;
    let longest = 0;
    for (const event of partitionEvents) {
      longest = Math.max(longest, event.appliedAt - Math.max(previousApplied, event.producedAt));
      previousApplied = event.appliedAt;
    }
    stalls[partition] = longest;
  }
  return stalls;
}
