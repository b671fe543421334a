/**
 * Two instances of every process against one PostgreSQL and one Kafka broker, as a firm that
 * outgrows one machine runs them: consumer groups split the partitions between instances, no event
 * is handled twice, exactly one outbox relay per database publishes (another takes over when it
 * goes), and the walking skeleton works through either gateway.
 */
import { SERVICES, useExistingServer } from '@lawfirm/dev-postgres';
import { findFreePort } from '@lawfirm/local-kafka';
import { TOPICS } from '@lawfirm/contracts';
import { eventually, testKeys } from '@lawfirm/testing';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { LOCAL_DIR, startStack, type RunningStack } from '@lawfirm/dev-stack';
import { Api, createFirm, startTestStack, type TestStack } from './support/test-stack';

const GROUP_PREFIX = `scale-${randomUUID().slice(0, 8)}.`;

/** Sum of a counter's samples in a Prometheus text page whose labels include all of `labels`. */
function counterSum(metrics: string, name: string, labels: Record<string, string>): number {
  return metrics
    .split('\n')
    .filter(
      (line) =>
        line.startsWith(`${name}{`) &&
        Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('Two instances of every process', () => {
  let first: TestStack;
  let second: RunningStack;
  let secondLogDir: string;
  let kafka: Kafka;

  beforeAll(async () => {
    // The first instance set brings its own broker, so its topics hold only this file's events.
    first = await startTestStack({ ownBroker: true, groupPrefix: GROUP_PREFIX });
    const ports = Object.fromEntries(
      await Promise.all(SERVICES.map(async (service) => [service, await findFreePort()])),
    );
    secondLogDir = join(LOCAL_DIR, 'logs', `e2e-second-${randomUUID().slice(0, 8)}`);
    second = await startStack({
      infra: first.infra,
      ports,
      keys: testKeys(),
      logDir: secondLogDir,
      groupPrefix: GROUP_PREFIX,
      kafkaSessionTimeoutMs: 6000,
      logLevel: 'info',
    });
    kafka = new Kafka({
      clientId: 'scale-out-spec',
      brokers: [first.infra.brokers],
      logLevel: logLevel.NOTHING,
    });
  });

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('splits each consumer group’s partitions between the two instances', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const groupId = `${GROUP_PREFIX}billing.time-entries`;
      const assignments = await eventually(
        async () => {
          const { groups } = await admin.describeGroups([groupId]);
          const group = groups[0];
          if (group?.state !== 'Stable' || group.members.length !== 2) return undefined;
          return group.members.map(
            (member) =>
              AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[
                TOPICS.timeEntry.name
              ] ?? [],
          );
        },
        60_000,
        500,
      );

      const [a = [], b = []] = assignments;
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      expect(a.filter((partition) => b.includes(partition))).toEqual([]);
      expect([...a, ...b].sort()).toEqual(Array.from({ length: TOPICS.timeEntry.partitions }, (_, i) => i));
    } finally {
      await admin.disconnect();
    }
  });

  it('runs the skeleton through either gateway and handles each event once across the instances', async () => {
    const firm = await createFirm();
    const viaFirst = await Api.login(first.gatewayUrl, firm);
    const viaSecond = await Api.login(second.urls.gateway, firm);
    const client = await viaFirst.call('POST', '/v1/clients', { kind: 'company', name: 'Two Sites Ltd' });
    const matter = await viaSecond.call('POST', '/v1/matters', {
      clientId: client.body.id,
      title: 'Scale-out matter',
    });
    expect(matter.status).toBe(201);
    expect((await viaFirst.call('GET', `/v1/matters/${matter.body.id}`)).body.number).toBe(
      matter.body.number,
    );

    const entries = 40;
    const entryIds: string[] = [];
    for (let i = 0; i < entries; i += 1) {
      const api = i % 2 === 0 ? viaFirst : viaSecond;
      const entry = await eventually(async () => {
        const created = await api.call('POST', '/v1/time-entries', {
          matterId: matter.body.id,
          workDate: '2026-11-03',
          minutes: 6,
          narrative: `Call ${i}`,
        });
        return created.status === 201 ? (created.body.id as string) : undefined;
      });
      expect((await api.call('POST', `/v1/time-entries/${entry}/submit`)).status).toBe(200);
      expect(
        (await (i % 3 === 0 ? viaSecond : viaFirst).call('POST', `/v1/time-entries/${entry}/approve`)).status,
      ).toBe(200);
      entryIds.push(entry);
    }

    const wip = await eventually(
      async () => {
        const response = await viaSecond.call('GET', `/v1/matters/${matter.body.id}/wip?limit=200`);
        return response.status === 200 && response.body.entryCount === entries ? response.body : undefined;
      },
      60_000,
      500,
    );
    expect(new Set(wip.items.map((item: { timeEntryId: string }) => item.timeEntryId))).toEqual(
      new Set(entryIds),
    );
    expect(
      (await viaFirst.call('GET', `/v1/matters/${matter.body.id}/wip?limit=200`)).body.totalMinutes,
    ).toBe(entries * 6);

    // Each billing instance applied its share, and together they applied every approval once.
    const applied = await Promise.all(
      [first.stack.metricsUrls.billing, second.metricsUrls.billing].map(async (url) =>
        counterSum(await (await fetch(`${url}/metrics`)).text(), 'events_consumed_total', {
          type: 'timekeeping.time-entry.approved',
          outcome: 'applied',
        }),
      ),
    );
    expect(applied.every((count) => count > 0)).toBe(true);
    expect(applied[0]! + applied[1]!).toBe(entries);
  });

  it('keeps exactly one outbox relay publishing per database, and hands over when it stops', async () => {
    const superuser = await useExistingServer(process.env.TEST_PG_SUPERUSER_URL ?? '');
    const admin = new Client({ connectionString: superuser.superuserUrl });
    await admin.connect();
    try {
      const relayLocks = async (): Promise<Record<string, number>> => {
        const { rows } = await admin.query<{ datname: string; holders: string }>(
          `SELECT d.datname, count(*) AS holders FROM pg_locks l JOIN pg_database d ON d.oid = l.database
           WHERE l.locktype = 'advisory' AND l.granted AND l.objid = (SELECT hashtext('outbox-relay')::oid)
           GROUP BY d.datname`,
        );
        return Object.fromEntries(rows.map((row) => [row.datname, Number(row.holders)]));
      };
      const locks = await relayLocks();
      for (const database of ['intake', 'timekeeping', 'gateway']) expect(locks[database]).toBe(1);

      const activeIn = (logDir: string, service: string): number =>
        readFileSync(join(logDir, `${service}.log`), 'utf8')
          .split('\n')
          .filter((line) => line.includes('outbox relay: active')).length;
      for (const service of ['intake', 'timekeeping'] as const)
        expect(activeIn(first.logDir, service) + activeIn(secondLogDir, service)).toBe(1);

      // Whichever timekeeping holds the relay goes away; the other takes over and events still flow.
      const holderIsFirst = activeIn(first.logDir, 'timekeeping') === 1;
      if (holderIsFirst) await first.stack.restart('timekeeping', 'SIGKILL');
      else await second.restart('timekeeping', 'SIGKILL');
      const firm = await createFirm();
      const api = await Api.login(holderIsFirst ? second.urls.gateway : first.gatewayUrl, firm);
      const client = await api.call('POST', '/v1/clients', { kind: 'person', name: 'Handover Client' });
      const matter = await api.call('POST', '/v1/matters', { clientId: client.body.id, title: 'Handover' });
      const entry = await eventually(async () => {
        const created = await api.call('POST', '/v1/time-entries', {
          matterId: matter.body.id,
          workDate: '2026-11-04',
          minutes: 12,
          narrative: 'After the handover',
        });
        return created.status === 201 ? (created.body.id as string) : undefined;
      });
      await api.call('POST', `/v1/time-entries/${entry}/submit`);
      expect((await api.call('POST', `/v1/time-entries/${entry}/approve`)).status).toBe(200);
      await eventually(
        async () => {
          const wip = await api.call('GET', `/v1/matters/${matter.body.id}/wip`);
          return wip.body.entryCount === 1 ? true : undefined;
        },
        60_000,
        500,
      );
      expect((await relayLocks()).timekeeping).toBe(1);
    } finally {
      await admin.end();
    }
  });
});
