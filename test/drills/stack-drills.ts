/**
 * Crash drills on a running stack (every service and both gateways as processes, on the real
 * broker), driven through the gateway as a firm would. Used at small scale by
 * test/e2e/drills.e2e-spec.ts and at full scale by bench/drills.ts, which print the reports.
 *
 * Both drills approve time and then check billing's work in progress: every approved entry is
 * there exactly once (nothing lost, nothing counted twice) and nothing was dead-lettered.
 */
import { TOPICS, dlqTopicOf } from '@lawfirm/contracts';
import { eventually } from '@lawfirm/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Api, createFirm, type TestStack } from '../e2e/support/test-stack';

export interface WipCheck {
  /** Entries approved. */
  approved: number;
  /** Entries billing shows as work in progress. */
  inWip: number;
  /** Approved entries missing from work in progress. */
  lost: number;
  /** Work-in-progress rows beyond one per approved entry. */
  duplicated: number;
  /** WIP minutes equal the approved minutes (an entry applied twice or half-applied would break this). */
  minutesMatch: boolean;
  /** Events parked on the time-entry dead-letter topic during the drill. */
  deadLettered: number;
}

export interface BrokerCrashReport extends WipCheck {
  /** Seconds from SIGKILL to the restarted broker answering. */
  outageSeconds: number;
  /** Approval requests answered while the broker was down (they must all succeed). */
  approvalsDuringOutage: number;
  /** Seconds from the last approval to the last entry visible in WIP. */
  catchUpSeconds: number;
}

export interface ConsumerCrashReport extends WipCheck {
  /** WIP entries already applied when billing was SIGKILLed (0 < this < approved for a real mid-batch kill). */
  appliedAtKill: number;
  /** Seconds from the kill to the last entry visible in WIP. */
  recoverySeconds: number;
}

interface Matter {
  id: string;
  entryIds: string[];
  minutes: number;
}

const WIP_TIMEOUT_MS = 300_000;

async function dlqSize(brokers: string): Promise<number> {
  const admin = new Kafka({ clientId: 'drill-dlq', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(dlqTopicOf(TOPICS.timeEntry.name));
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** A firm with `matters` matters, each holding `perMatter` submitted time entries. */
async function prepareSubmittedTime(
  env: TestStack,
  matters: number,
  perMatter: number,
): Promise<{ api: Api; matters: Matter[] }> {
  const api = await Api.login(env.gatewayUrl, await createFirm());
  const client = await api.call('POST', '/v1/clients', {
    kind: 'company',
    name: `Drill Holdings ${randomUUID().slice(0, 6)}`,
  });
  if (client.status !== 201) throw new Error(`client: ${client.status} ${JSON.stringify(client.body)}`);
  const prepared: Matter[] = [];
  for (let m = 0; m < matters; m += 1) {
    const matter = await api.call('POST', '/v1/matters', {
      clientId: client.body.id,
      title: `Drill matter ${m + 1}`,
    });
    if (matter.status !== 201) throw new Error(`matter: ${matter.status} ${JSON.stringify(matter.body)}`);
    const entries = Array.from({ length: perMatter }, (_, i) => ({
      externalId: `drill-${m}-${i}`,
      matterId: matter.body.id as string,
      workDate: '2026-11-02',
      minutes: 6 + (i % 10) * 6,
      narrative: `Reviewed production volume ${i + 1}`,
    }));
    // Timekeeping accepts time only for matters it has heard of; the import is all or nothing, so retry until it has.
    const imported = await eventually(
      async () => {
        const response = await api.call('POST', '/v1/time-entries:batch', {
          mode: 'all-or-nothing',
          entries,
        });
        return response.status === 200 ? response.body : undefined;
      },
      60_000,
      500,
    );
    const entryIds = (imported.results as Array<{ id: string }>).map((row) => row.id);
    const submitted = await api.call('POST', '/v1/time-entries/bulk-submit', { matterId: matter.body.id });
    if (submitted.status !== 200 || submitted.body.succeeded.length !== perMatter) {
      throw new Error(`bulk-submit: ${submitted.status} ${JSON.stringify(submitted.body).slice(0, 300)}`);
    }
    prepared.push({
      id: matter.body.id,
      entryIds,
      minutes: entries.reduce((sum, entry) => sum + entry.minutes, 0),
    });
  }
  return { api, matters: prepared };
}

async function approveMatter(api: Api, matter: Matter): Promise<void> {
  const approved = await api.call('POST', '/v1/time-entries/bulk-approve', { matterId: matter.id });
  if (approved.status !== 200 || approved.body.succeeded.length !== matter.entryIds.length) {
    throw new Error(`bulk-approve: ${approved.status} ${JSON.stringify(approved.body).slice(0, 300)}`);
  }
}

async function wipTotals(api: Api, matters: Matter[]): Promise<{ entries: number; minutes: number }> {
  let entries = 0;
  let minutes = 0;
  for (const matter of matters) {
    const wip = await api.call('GET', `/v1/matters/${matter.id}/wip?limit=1`);
    if (wip.status === 404) continue;
    if (wip.status !== 200) throw new Error(`wip: ${wip.status}`);
    entries += wip.body.entryCount as number;
    minutes += wip.body.totalMinutes as number;
  }
  return { entries, minutes };
}

/** Waits until WIP holds every approved entry (or stops growing past the timeout), then checks it. */
async function checkWip(api: Api, matters: Matter[], dlqBefore: number, brokers: string): Promise<WipCheck> {
  const approved = matters.reduce((sum, matter) => sum + matter.entryIds.length, 0);
  const expectedMinutes = matters.reduce((sum, matter) => sum + matter.minutes, 0);
  const deadline = Date.now() + WIP_TIMEOUT_MS;
  let totals = await wipTotals(api, matters);
  while (totals.entries < approved && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    totals = await wipTotals(api, matters);
  }
  // Settle: anything redelivered after the last entry arrived would show up now.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  totals = await wipTotals(api, matters);
  const inWip = totals.entries;
  return {
    approved,
    inWip,
    lost: Math.max(0, approved - inWip),
    duplicated: Math.max(0, inWip - approved),
    minutesMatch: totals.minutes === expectedMinutes,
    deadLettered: (await dlqSize(brokers)) - dlqBefore,
  };
}

/**
 * Drill 1: the broker is SIGKILLed while entries are being approved, and restarted while
 * approvals go on. Approvals never fail (they commit to the outbox); every entry reaches WIP once.
 */
export async function brokerCrashDrill(
  env: TestStack,
  options: { matters: number; perMatter: number; log?: (line: string) => void },
): Promise<BrokerCrashReport> {
  const log = options.log ?? (() => undefined);
  const { api, matters } = await prepareSubmittedTime(env, options.matters, options.perMatter);
  const dlqBefore = await dlqSize(env.infra.brokers);
  log(
    `[drill 1] ${matters.length} matters × ${options.perMatter} submitted entries; approving, SIGKILL of the broker after the first third`,
  );
  const killAfter = Math.max(1, Math.floor(matters.length / 3));
  const restartAfter = Math.max(killAfter + 1, Math.floor((2 * matters.length) / 3));
  let killedAt = 0;
  let restarting: Promise<void> | undefined;
  let outageSeconds = 0;
  let approvalsDuringOutage = 0;
  for (let m = 0; m < matters.length; m += 1) {
    if (m === killAfter) {
      await env.stopBroker('SIGKILL');
      killedAt = performance.now();
      log(`[drill 1] broker killed after ${m} of ${matters.length} matters`);
    }
    if (m === restartAfter) {
      restarting = env.startBroker().then(() => {
        outageSeconds = (performance.now() - killedAt) / 1000;
        log(`[drill 1] broker back after ${outageSeconds.toFixed(1)} s`);
      });
    }
    const duringOutage = killedAt > 0 && outageSeconds === 0;
    await approveMatter(api, matters[m] as Matter);
    if (duringOutage) approvalsDuringOutage += 1;
  }
  if (!restarting) restarting = env.startBroker();
  await restarting;
  const lastApproval = performance.now();
  const check = await checkWip(api, matters, dlqBefore, env.infra.brokers);
  const catchUpSeconds = (performance.now() - lastApproval) / 1000 - 2;
  return { ...check, outageSeconds, approvalsDuringOutage, catchUpSeconds };
}

/**
 * Drill 2: billing (the consumer of approved time) is SIGKILLed while it is working through a
 * burst of approvals, and started again. Nothing is lost or applied twice.
 */
export async function consumerCrashDrill(
  env: TestStack,
  options: {
    matters: number;
    perMatter: number;
    /** Kill billing once this many entries are in WIP (default a quarter of them), so it dies mid-stream. */
    killAfterApplied?: number;
    log?: (line: string) => void;
  },
): Promise<ConsumerCrashReport> {
  const log = options.log ?? (() => undefined);
  const { api, matters } = await prepareSubmittedTime(env, options.matters, options.perMatter);
  const approved = matters.reduce((sum, matter) => sum + matter.entryIds.length, 0);
  const killAfterApplied = options.killAfterApplied ?? Math.max(1, Math.floor(approved / 4));
  const dlqBefore = await dlqSize(env.infra.brokers);
  log(`[drill 2] approving ${approved} entries; SIGKILL of billing once it has applied ${killAfterApplied}`);
  const approving = (async () => {
    for (const matter of matters) await approveMatter(api, matter);
  })();
  let appliedAtKill = 0;
  const deadline = Date.now() + WIP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    appliedAtKill = (await wipTotals(api, matters)).entries;
    if (appliedAtKill >= killAfterApplied) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const killedAt = performance.now();
  await env.stack.restart('billing', 'SIGKILL');
  log(`[drill 2] billing killed with ${appliedAtKill} of ${approved} applied, and restarted`);
  await approving;
  const check = await checkWip(api, matters, dlqBefore, env.infra.brokers);
  return { ...check, appliedAtKill, recoverySeconds: (performance.now() - killedAt) / 1000 - 2 };
}
