/**
 * The event-delivery drills of test/drills at small scale, against the real broker and PostgreSQL
 * the integration setup starts, with billing running in this process. Each drill is one function
 * that returns a report of figures (a benchmark runs the same functions at full scale); here each
 * runs once and its guarantees are asserted on the report.
 */
import { runPoisonAndReplay, type PoisonAndReplayReport } from '../drills/poison-and-replay';
import { runRebalanceStorm, type RebalanceStormReport } from '../drills/rebalance-storm';
import { runRelayCrash, type RelayCrashReport } from '../drills/relay-crash';

// Rebalances, retries and dead letters are what these drills cause on purpose; billing's warnings
// about them would bury the test output. Errors still show.
process.env.TEST_LOG_LEVEL ??= 'error';

const DRILL_TIMEOUT_MS = 150_000;

describe('Event delivery drills on the real broker', () => {
  describe('runRebalanceStorm', () => {
    const scale = { flowMs: 21_000, eventsPerSecond: 20, matters: 12, churnEveryMs: 3000 };
    let report: RebalanceStormReport;

    beforeAll(async () => {
      report = await runRebalanceStorm(scale);
    }, DRILL_TIMEOUT_MS);

    it('closes and re-boots billing instances throughout the flow, and the broker sees the group change', () => {
      expect(report.produced).toBeGreaterThanOrEqual((scale.flowMs / 1000) * scale.eventsPerSecond * 0.9);
      // Actions every 3 s across a 21 s flow: at least three instances left and three came back.
      expect(report.leaves).toBeGreaterThanOrEqual(3);
      expect(report.joins).toBeGreaterThanOrEqual(3);
      // Every re-booted instance joined as a new member, next to the three that started.
      expect(report.distinctMembersSeen).toBeGreaterThanOrEqual(report.initialInstances + report.joins);
      expect(report.membershipChangesSeen).toBeGreaterThanOrEqual(report.leaves);
      expect(report.settled).toBe(true);
    });

    it('applies every approved-time event exactly once when instances keep joining and leaving', () => {
      expect(report).toMatchObject({
        drained: true,
        lost: 0,
        applied: report.produced,
        inboxRows: report.produced,
        wipEntries: report.produced,
        expectedWipEntries: report.produced,
        wipMinutes: report.expectedWipMinutes,
        mattersMismatched: 0,
        wipRowsFromAnotherEvent: 0,
        projectedMatters: scale.matters,
      });
    });

    it('never leaves a partition with waiting events unconsumed for as long as the session timeout', () => {
      expect(report.sessionTimeoutMs).toBe(6000);
      expect(Object.keys(report.partitionStallMs)).toHaveLength(4);
      expect(report.maxPartitionStallMs).toBeLessThan(report.sessionTimeoutMs);
      expect(report.latencyMs.max).toBeLessThan(report.sessionTimeoutMs);
    });
  });

  describe('runRelayCrash', () => {
    const scale = { sentBeforeCrash: 60, inFlightAtCrash: 40, writtenWhileDown: 20, matters: 8 };
    let report: RelayCrashReport;

    beforeAll(async () => {
      report = await runRelayCrash(scale);
    }, DRILL_TIMEOUT_MS);

    it('leaves the batch on the broker but unsent in the outbox when the relay dies between publish and mark-sent', () => {
      expect(report).toMatchObject({
        relayKilled: true,
        inFlightOnTopicAtCrash: scale.inFlightAtCrash,
        inFlightUnsentAtCrash: scale.inFlightAtCrash,
      });
    });

    it('publishes that batch a second time when a new relay starts, and everything else once', () => {
      const total = scale.sentBeforeCrash + scale.inFlightAtCrash + scale.writtenWhileDown;
      expect(report).toMatchObject({
        eventsWritten: total,
        eventsOnTopic: total,
        inFlightCopies: { min: 2, max: 2 },
        otherCopies: { min: 1, max: 1 },
        unsentAfterRestart: 0,
      });
    });

    it('applies each event once in billing when its duplicate arrives', () => {
      const total = scale.sentBeforeCrash + scale.inFlightAtCrash + scale.writtenWhileDown;
      expect(report.consumedEveryCopy).toBe(true);
      expect(report.consumerDuplicatesSkipped).toBeGreaterThanOrEqual(scale.inFlightAtCrash);
      expect(report).toMatchObject({
        applied: total,
        lost: 0,
        inboxRows: total,
        wipEntries: total,
        expectedWipEntries: total,
        wipMinutes: report.expectedWipMinutes,
        mattersMismatched: 0,
        wipRowsFromAnotherEvent: 0,
      });
    });
  });

  describe('runPoisonAndReplay', () => {
    const scale = { matters: 6, timeEntries: 60, followers: 30 };
    /** What "promptly" means for an event behind a poison that is already parked. */
    const PROMPT_MS = 2000;
    let report: PoisonAndReplayReport;

    beforeAll(async () => {
      report = await runPoisonAndReplay(scale);
    }, DRILL_TIMEOUT_MS);

    it('parks a poison event on the DLQ after retries while the events behind it on its partition are applied', () => {
      const { poison } = report;
      expect(poison).toMatchObject({
        parked: true,
        appliedBeforeFix: false,
        followersProduced: scale.followers,
        followersApplied: scale.followers,
      });
      expect(poison.attempts).toBeGreaterThan(1);
      expect(poison.error).toContain('wip rule: an entry cannot exceed one day');
      // The poison holds its partition only for its bounded retries, never for a session timeout.
      expect(poison.parkedAfterMs).toBeLessThan(report.sessionTimeoutMs);
      expect(poison.followerLatencyMs.max).toBeLessThan(report.sessionTimeoutMs);
      expect(poison.followerLatencyAfterParkedMs.count).toBeGreaterThan(0);
      expect(poison.followerLatencyAfterParkedMs.max).toBeLessThan(PROMPT_MS);
    });

    it('applies the replayed event exactly once after the fix, however often it is replayed', () => {
      const { replay } = report;
      expect(replay.first.replayed).toBe(1);
      expect(replay.second.replayed).toBe(0);
      expect(replay.forced.replayed).toBe(1);
      expect(replay).toMatchObject({
        copiesOnTopic: 3,
        consumedEveryCopy: true,
        poisonInboxRows: 1,
        poisonWipRows: 1,
        wipEntries: scale.timeEntries + scale.followers + 1,
        expectedWipEntries: scale.timeEntries + scale.followers + 1,
        wipMinutes: replay.expectedWipMinutes,
        mattersMismatched: 0,
      });
    });

    it('rebuilds the matter projection and leaves WIP untouched when the groups are reset to the earliest offset', () => {
      const { reset } = report;
      expect(reset).toMatchObject({
        caughtUp: true,
        projectionBefore: scale.matters,
        projectionAfterClearing: 0,
        projectionAfter: scale.matters,
        projectionRestored: true,
        matterInboxRowsAfter: reset.matterEvents,
        timeEntryInboxRowsBefore: scale.timeEntries + scale.followers + 1,
        timeEntryInboxRowsAfter: scale.timeEntries + scale.followers + 1,
        wipUnchanged: true,
      });
      // Every event of the firm came round again and the inbox turned each one away.
      expect(reset.rereadTimeEntryMessages).toBeGreaterThanOrEqual(reset.timeEntryInboxRowsBefore);
      expect(reset.duplicatesSkipped).toBeGreaterThanOrEqual(reset.timeEntryInboxRowsBefore);
    });
  });
});
