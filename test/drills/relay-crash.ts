/**
 * Drill: the outbox relay dies between publishing a batch and marking it sent. The batch is on
 * the broker (acks=all came back) while its outbox rows are still unsent, so the relay that starts
 * next publishes it again; billing's inbox must absorb the second copies.
 *
 * How the state is produced: the real OutboxRelay, unmodified. Its `drainOnce` publishes a batch
 * and then marks it sent in the same database transaction that selected it; a statement trigger
 * that fails every `UPDATE outbox` (armed by the drill) makes that last step fail after the broker
 * acknowledged, so the transaction rolls back exactly as it does when the process is killed there.
 * The moment the relay reports that failure, the drill stops it (no retry of its own), as a
 * killed process would not retry. Then the trigger goes (the fault was the dead process's) and a
 * fresh relay starts on the same outbox.
 *
 * The outbox lives in a scratch database (created with `messagingSchemaSql`, the tables every
 * service migrates, used by timekeeping's app role, dropped at the end): the relay takes a
 * per-database advisory lock and drains every firm's rows, so on a service's own database a relay
 * of another test could take the batch, or this drill's fault could hit another test's events.
 *
 * Environment: see ./support.ts, plus TEST_PG_SUPERUSER_URL (to create the scratch database).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventEnvelope } from '@lawfirm/contracts';
import { createDataSource, withTenant } from '@lawfirm/database';
import {
  appendToOutbox,
  createKafka,
  messagingSchemaSql,
  OutboxRelay,
  type RelayLogger,
} from '@lawfirm/messaging';
import { newFirmId, testBrokers, testDatabase } from '@lawfirm/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  approvedTimeEvent,
  BillingDatabase,
  billingGroup,
  bootBilling,
  connectAdmin,
  consumedEvents,
  consumedUpTo,
  ExpectedWip,
  MATTER_TOPIC,
  minutesFor,
  positionAtEnd,
  requireDrillEnvironment,
  shortId,
  TIME_ENTRY_TOPIC,
  TopicTap,
  waitUntil,
  type WipOutcome,
  wipOutcome,
} from './support';

export interface RelayCrashScale {
  /** Events the first relay publishes and marks sent before it dies. */
  sentBeforeCrash: number;
  /** Events in the batch that is on the broker but unsent when it dies (also its batch size). */
  inFlightAtCrash: number;
  /** Events written while no relay runs. */
  writtenWhileDown: number;
  /** Matters the time entries are spread over. */
  matters: number;
  /** How long each phase may take (default 60 s). */
  phaseTimeoutMs?: number;
}

export interface RelayCrashReport extends WipOutcome {
  firmId: string;
  scratchDatabase: string;
  groupPrefix: string;
  eventsWritten: number;
  sentBeforeCrash: number;
  inFlightAtCrash: number;
  writtenWhileDown: number;
  /** The first relay stopped after its mark-sent step failed (and did not publish again). */
  relayKilled: boolean;
  /** Of the in-flight batch, events on the topic once the first relay is dead (the broker had acknowledged them). */
  inFlightOnTopicAtCrash: number;
  /** Of the in-flight batch, outbox rows still unsent once the first relay is dead. */
  inFlightUnsentAtCrash: number;
  /** Copies on the topic, per event, of the in-flight batch (expected 2) and of every other event (expected 1). */
  inFlightCopies: { min: number; max: number };
  otherCopies: { min: number; max: number };
  /** Distinct events of the drill seen on the topic. */
  eventsOnTopic: number;
  unsentAfterRestart: number;
  restartToAllSentMs: number;
  /** Deliveries billing's inbox turned away as already applied (events_consumed_total{outcome="duplicate"} of its group). */
  consumerDuplicatesSkipped: number;
  /** Billing's group committed past the last copy of every drill event. */
  consumedEveryCopy: boolean;
  inboxRows: number;
  applied: number;
  lost: number;
  wipRowsFromAnotherEvent: number;
  restartToAllAppliedMs: number;
}

const KILL_MESSAGE = 'drill: relay process killed between publish and mark-sent';

export async function runRelayCrash(scale: RelayCrashScale): Promise<RelayCrashReport> {
  requireDrillEnvironment(['TEST_PG_SUPERUSER_URL']);
  const phaseTimeoutMs = scale.phaseTimeoutMs ?? 60_000;
  const firmId = newFirmId();
  const groupPrefix = `drill-relay-${shortId()}.`;
  const timeEntries = billingGroup(groupPrefix, 'time-entries');
  const scratch = await ScratchOutbox.create(process.env.TEST_PG_SUPERUSER_URL!, testDatabase('timekeeping'));
  const { kafka, admin } = await connectAdmin();
  const database = await BillingDatabase.open(testDatabase('billing'));
  const relays: OutboxRelay[] = [];
  let billing: NestFastifyApplication | undefined;
  let tap: TopicTap | undefined;
  try {
    const [opened] = await Promise.all([
      TopicTap.open(kafka, admin, [TIME_ENTRY_TOPIC], (message) => message.envelope?.firmId === firmId),
      positionAtEnd(admin, [
        { groupId: timeEntries, topic: TIME_ENTRY_TOPIC },
        { groupId: billingGroup(groupPrefix, 'matters'), topic: MATTER_TOPIC },
      ]),
    ]);
    tap = opened;
    billing = (await bootBilling(groupPrefix)).app;
    const duplicatesBefore = await consumedEvents(timeEntries, 'duplicate');

    const matterIds = Array.from({ length: scale.matters }, () => randomUUID());
    const expected = new ExpectedWip();
    const written: Array<EventEnvelope<{ timeEntryId: string }>> = [];
    const write = async (count: number, transactionSize: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let done = 0; done < count; done += transactionSize) {
        await withTenant(scratch.app, firmId, async (manager) => {
          for (let index = done; index < Math.min(count, done + transactionSize); index += 1) {
            const matterId = matterIds[written.length % matterIds.length]!;
            const minutes = minutesFor(written.length);
            // As timekeeping's approval does: the event goes to the outbox in the use case's transaction.
            const envelope = await appendToOutbox(manager, approvedTimeEvent(firmId, matterId, minutes));
            expected.add(matterId, minutes);
            written.push(envelope);
            ids.push(envelope.id);
          }
        });
      }
      return ids;
    };

    // Phase 1: a healthy relay publishes and marks sent.
    let killed: Promise<void> | undefined;
    const relayLogger: RelayLogger = {
      info: () => undefined,
      error: () => undefined,
      warn: (obj, msg) => {
        const err = (obj as { err?: unknown }).err;
        if (msg.includes('publish failed') && String(err).includes(KILL_MESSAGE)) killed ??= first.stop();
      },
    };
    const first = scratch.relay('drill-relay-first', relayLogger, scale.inFlightAtCrash);
    relays.push(first);
    first.start();
    const beforeCrash = await write(scale.sentBeforeCrash, 250);
    await waitUntil(async () => (await scratch.unsent(firmId, beforeCrash)) === 0, phaseTimeoutMs);

    // Phase 2: one batch, written in one transaction, published; marking it sent fails; the relay dies.
    await scratch.armKill();
    const inFlight = await write(scale.inFlightAtCrash, scale.inFlightAtCrash);
    const relayKilled = await waitUntil(async () => killed !== undefined, phaseTimeoutMs, 50);
    await killed;
    await scratch.disarmKill();
    const inFlightIds = new Set(inFlight);
    const inFlightOnTopic = (): number =>
      [...tap!.copies(TIME_ENTRY_TOPIC).keys()].filter((id) => inFlightIds.has(id)).length;
    await waitUntil(async () => inFlightOnTopic() === inFlight.length, 15_000);
    const inFlightOnTopicAtCrash = inFlightOnTopic();
    const inFlightUnsentAtCrash = await scratch.unsent(firmId, inFlight);

    // Phase 3: events keep being recorded while no relay runs; then a new relay starts.
    const whileDown = await write(scale.writtenWhileDown, 250);
    const restartedAt = Date.now();
    const second = scratch.relay('drill-relay-second', {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    });
    relays.push(second);
    second.start();
    const allIds = [...beforeCrash, ...inFlight, ...whileDown];
    await waitUntil(async () => (await scratch.unsent(firmId, allIds)) === 0, phaseTimeoutMs);
    const restartToAllSentMs = Date.now() - restartedAt;

    const copiesExpected = allIds.length + inFlight.length;
    await waitUntil(
      async () =>
        [...tap!.copies(TIME_ENTRY_TOPIC).values()].reduce((sum, copies) => sum + copies, 0) >=
        copiesExpected,
      15_000,
    );
    const consumedEveryCopy = await waitUntil(
      async () =>
        (await database.inboxCount(firmId, timeEntries)) >= allIds.length &&
        (await consumedUpTo(admin, timeEntries, TIME_ENTRY_TOPIC, tap!.endOffsets(TIME_ENTRY_TOPIC))),
      phaseTimeoutMs,
      250,
    );
    const restartToAllAppliedMs = Date.now() - restartedAt;

    const copies = tap.copies(TIME_ENTRY_TOPIC);
    const range = (ids: string[]): { min: number; max: number } => {
      const counts = ids.map((id) => copies.get(id) ?? 0);
      return { min: Math.min(...counts), max: Math.max(...counts) };
    };
    const inbox = await database.inbox(firmId, timeEntries);
    const wip = await database.wipByMatter(firmId);
    const sources = await database.wipSources(firmId);
    const applied = allIds.filter((id) => inbox.has(id)).length;
    return {
      firmId,
      scratchDatabase: scratch.name,
      groupPrefix,
      eventsWritten: allIds.length,
      sentBeforeCrash: beforeCrash.length,
      inFlightAtCrash: inFlight.length,
      writtenWhileDown: whileDown.length,
      relayKilled,
      inFlightOnTopicAtCrash,
      inFlightUnsentAtCrash,
      inFlightCopies: range(inFlight),
      otherCopies: range([...beforeCrash, ...whileDown]),
      eventsOnTopic: allIds.filter((id) => copies.has(id)).length,
      unsentAfterRestart: await scratch.unsent(firmId, allIds),
      restartToAllSentMs,
      consumerDuplicatesSkipped: (await consumedEvents(timeEntries, 'duplicate')) - duplicatesBefore,
      consumedEveryCopy,
      inboxRows: inbox.size,
      applied,
      lost: allIds.length - applied,
      ...wipOutcome(wip, expected),
      wipRowsFromAnotherEvent: written.filter(
        (envelope) => sources.get(envelope.data.timeEntryId) !== envelope.id,
      ).length,
      restartToAllAppliedMs,
    };
  } finally {
    await Promise.allSettled(relays.map((relay) => relay.stop()));
    await tap?.close();
    await billing?.close().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await database.close();
    await scratch.drop();
  }
}

/** An outbox in a database of its own, with the relay's tables, and the switch that kills the relay at mark-sent. */
class ScratchOutbox {
  private constructor(
    readonly name: string,
    private readonly superuserUrl: string,
    private readonly appUrl: string,
    readonly app: DataSource,
  ) {}

  static async create(
    superuserUrl: string,
    service: { app: string; appRole: string },
  ): Promise<ScratchOutbox> {
    const name = `drill_relay_${shortId()}`;
    await runSql(superuserUrl, [`CREATE DATABASE ${name}`]);
    const appUrl = withDatabase(service.app, name);
    const app = createDataSource({
      url: appUrl,
      entities: [],
      applicationName: 'drill-outbox-writer',
      poolSize: 2,
    });
    try {
      await runSql(withDatabase(superuserUrl, name), [
        ...messagingSchemaSql(service.appRole),
        `CREATE FUNCTION drill_kill_relay() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION '${KILL_MESSAGE}'; END $$`,
      ]);
      await app.initialize();
    } catch (error) {
      await runSql(superuserUrl, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]).catch(() => undefined);
      throw error;
    }
    return new ScratchOutbox(name, superuserUrl, appUrl, app);
  }

  relay(clientId: string, logger: RelayLogger, batchSize?: number): OutboxRelay {
    return new OutboxRelay({
      dataSource: this.app,
      databaseUrl: this.appUrl,
      kafka: createKafka({ brokers: [testBrokers()], clientId }),
      logger,
      service: 'drill',
      batchSize,
      idlePollMs: 1000,
    });
  }

  armKill(): Promise<void> {
    return runSql(withDatabase(this.superuserUrl, this.name), [
      `CREATE TRIGGER drill_kill_relay BEFORE UPDATE ON outbox FOR EACH STATEMENT EXECUTE FUNCTION drill_kill_relay()`,
    ]);
  }

  disarmKill(): Promise<void> {
    return runSql(withDatabase(this.superuserUrl, this.name), [
      `DROP TRIGGER IF EXISTS drill_kill_relay ON outbox`,
    ]);
  }

  async unsent(firmId: string, ids: string[]): Promise<number> {
    const rows = (await withTenant(this.app, firmId, (manager) =>
      manager.query(`SELECT count(*)::int AS unsent FROM outbox WHERE id = ANY($1) AND sent_at IS NULL`, [
        ids,
      ]),
    )) as Array<{ unsent: number }>;
    return rows[0]?.unsent ?? 0;
  }

  async drop(): Promise<void> {
    await this.app.destroy().catch(() => undefined);
    await runSql(this.superuserUrl, [`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`]).catch(
      () => undefined,
    );
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function runSql(url: string, statements: string[]): Promise<void> {
  const client = new Client({ connectionString: url, application_name: 'drill-setup' });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
