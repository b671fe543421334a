/**
 * The five crash drills on the real broker at full scale, printing each drill's figures. CI runs
 * the same drill code at small scale (test/e2e/drills.e2e-spec.ts, test/integration/drills.int-spec.ts)
 * and asserts on it; here the figures are the point.
 *
 *   npm run bench:drills                 # all five
 *   npm run bench:drills -- 1 3          # only drills 1 and 3
 *
 * 1. The broker SIGKILLed and restarted while 10,000 time entries are approved.
 * 2. Billing (a consumer process) SIGKILLed mid-batch and restarted.
 * 3. Rebalance storm: three billing instances joining and leaving every few seconds while events flow.
 * 4. The outbox relay killed between publish and mark-sent.
 * 5. A poison message parked on the DLQ while its partition flows, replayed after a fix; an offset
 *    reset re-driving a projection.
 *
 * Each is judged on lost events and duplicated effects (both must be 0).
 */
import 'reflect-metadata';
import globalSetup from '../test/setup/integration-global-setup';
import globalTeardown from '../test/setup/integration-global-teardown';
import { runPoisonAndReplay } from '../test/drills/poison-and-replay';
import { runRebalanceStorm } from '../test/drills/rebalance-storm';
import { runRelayCrash } from '../test/drills/relay-crash';
import { brokerCrashDrill, consumerCrashDrill } from '../test/drills/stack-drills';
import { startTestStack } from '../test/e2e/support/test-stack';
import { log, machineLine } from './support';

// Retries and dead letters are what the drills cause on purpose; their warnings would bury the figures.
process.env.TEST_LOG_LEVEL ??= 'error';

type Drill = { title: string; run: () => Promise<{ verdict: boolean; figures: Record<string, unknown> }> };

const DRILLS: Record<string, Drill> = {
  '1': {
    title: 'broker SIGKILLed and restarted while 10,000 entries are approved',
    run: async () => {
      const env = await startTestStack({ ownBroker: true });
      try {
        const report = await brokerCrashDrill(env, { matters: 20, perMatter: 500, log });
        return {
          verdict:
            report.lost === 0 && report.duplicated === 0 && report.minutesMatch && report.deadLettered === 0,
          figures: { ...report },
        };
      } finally {
        await env.stop();
      }
    },
  },
  '2': {
    title: 'billing SIGKILLed mid-batch and restarted, 5,000 entries',
    run: async () => {
      const env = await startTestStack({ ownBroker: true });
      try {
        const report = await consumerCrashDrill(env, { matters: 10, perMatter: 500, log });
        const midBatch = report.appliedAtKill > 0 && report.appliedAtKill < report.approved;
        return {
          verdict:
            midBatch &&
            report.lost === 0 &&
            report.duplicated === 0 &&
            report.minutesMatch &&
            report.deadLettered === 0,
          figures: { ...report },
        };
      } finally {
        await env.stop();
      }
    },
  },
  '3': {
    title: 'rebalance storm: three billing instances joining and leaving while events flow',
    run: async () => {
      const report = await runRebalanceStorm({
        flowMs: 60_000,
        eventsPerSecond: 200,
        matters: 40,
        churnEveryMs: 3000,
      });
      const verdict =
        report.lost === 0 &&
        report.mattersMismatched === 0 &&
        report.wipRowsFromAnotherEvent === 0 &&
        report.maxPartitionStallMs < report.sessionTimeoutMs;
      return {
        verdict,
        figures: {
          ...report,
          partitionStallMs: JSON.stringify(report.partitionStallMs),
          latencyMs: JSON.stringify(report.latencyMs),
        },
      };
    },
  },
  '4': {
    title: 'outbox relay killed between publish and mark-sent',
    run: async () => {
      const report = await runRelayCrash({
        sentBeforeCrash: 5000,
        inFlightAtCrash: 500,
        writtenWhileDown: 5000,
        matters: 50,
      });
      const verdict =
        report.lost === 0 &&
        report.mattersMismatched === 0 &&
        report.wipRowsFromAnotherEvent === 0 &&
        report.inFlightCopies.min === 2;
      return {
        verdict,
        figures: {
          ...report,
          inFlightCopies: JSON.stringify(report.inFlightCopies),
          otherCopies: JSON.stringify(report.otherCopies),
        },
      };
    },
  },
  '5': {
    title: 'poison message on the DLQ, replay after the fix, offset reset re-drive',
    run: async () => {
      const report = await runPoisonAndReplay({ matters: 50, timeEntries: 5000, followers: 200 });
      const verdict =
        report.poison.parked &&
        !report.poison.appliedBeforeFix &&
        report.replay.poisonInboxRows === 1 &&
        report.replay.poisonWipRows === 1 &&
        report.replay.mattersMismatched === 0 &&
        report.reset.projectionRestored &&
        report.reset.wipUnchanged;
      return {
        verdict,
        figures: {
          poison: JSON.stringify(report.poison),
          replay: JSON.stringify(report.replay),
          reset: JSON.stringify(report.reset),
        },
      };
    },
  },
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2).filter((arg) => DRILLS[arg]);
  const names = chosen.length ? chosen : Object.keys(DRILLS);
  log('[bench] starting PostgreSQL and a fresh Kafka broker (as the test setup does)');
  await globalSetup();
  const verdicts: Array<[string, boolean]> = [];
  try {
    for (const name of names) {
      const drill = DRILLS[name] as Drill;
      log(`[bench] drill ${name}: ${drill.title}`);
      const startedAt = performance.now();
      const { verdict, figures } = await drill.run();
      console.log(
        `\nDrill ${name}: ${drill.title} (${((performance.now() - startedAt) / 1000).toFixed(0)} s) — ${verdict ? 'PASSED' : 'FAILED'}`,
      );
      for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${String(value)}`);
      verdicts.push([name, verdict]);
    }
  } finally {
    await globalTeardown();
  }
  console.log(`\n${machineLine()}`);
  console.log(
    verdicts.map(([name, verdict]) => `drill ${name}: ${verdict ? 'passed' : 'FAILED'}`).join(', '),
  );
  if (verdicts.some(([, verdict]) => !verdict)) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    log(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
