/**
 * The background SLA sweep against real PostgreSQL and Kafka: two service instances sweep on an interval,
 * and each work order past due gets its breach recorded (and `docket.work-order.sla-breached` published)
 * exactly once, for every firm, while orders not yet due are left alone.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  consentGrantedEvent,
  eventually,
  newCaller,
  publishEvents,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { DocketConfig } from '../config';
import { WorkOrderService } from './work-order.service';

describe('Docket work order SLA sweep in the background', () => {
  const apps: NestFastifyApplication[] = [];
  let producer: Producer;

  beforeAll(async () => {
    for (let instance = 0; instance < 2; instance++) {
      const config = loadConfig(
        DocketConfig,
        serviceTestEnv('docket', {
          REMINDER_SWEEP_INTERVAL_MS: '0',
          WORK_ORDER_SLA_SWEEP_INTERVAL_MS: '100',
        }),
      );
      apps.push(await bootService('docket', (logger) => AppModule.register(config, logger)));
    }
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    for (const app of apps) await app.close();
  });

  /** A firm whose client consented to document review, and one accepted order per entry, due that many ms from its creation. */
  async function acceptedOrders(dueInMs: number[]): Promise<{ firmId: string; orderIds: string[] }> {
    const [app] = apps;
    const attorney = newCaller({ roles: ['attorney', 'firm-admin'] });
    const clientId = randomUUID();
    const vendorId = randomUUID();
    const matterId = await publishMatterAndWait(app!, producer, attorney.firmId, { clientId });
    const grant = consentGrantedEvent(attorney.firmId, clientId, ['document-review']);
    await publishEvents(producer, TOPICS.intakeConsent.name, [grant]);
    await eventually(async () => {
      const rows: unknown[] = await withTenant(app!.get(DataSource), attorney.firmId, (manager) =>
        manager.query(`SELECT 1 FROM outsourcing_consents WHERE consent_id = $1`, [grant.data.consentId]),
      );
      return rows.length > 0 ? true : undefined;
    });
    const firm = serviceClient(app!).as(attorney);
    const vendor = serviceClient(app!).as(
      newCaller({ firmId: attorney.firmId, subject: vendorId, roles: [], actorType: 'vendor' }),
    );
    const orderIds: string[] = [];
    for (const dueIn of dueInMs) {
      const created = await firm.post(`/v1/matters/${matterId}/work-orders`, {
        vendorId,
        workType: 'document-review',
        instructions: 'Cite-check the opposition brief',
        dueBy: new Date(Date.now() + dueIn).toISOString(),
      });
      expect(created.status).toBe(201);
      const accepted = await vendor.post(`/v1/work-orders/${created.body.id}/transitions`, {
        action: 'accept',
      });
      expect(accepted.status).toBe(200);
      orderIds.push(created.body.id);
    }
    return { firmId: attorney.firmId, orderIds };
  }

  function breachesOf(firmId: string): Promise<Array<{ orderId: string; actor: string }>> {
    return withTenant(apps[0]!.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->>'aggregateId' AS "orderId", envelope->'actor'->>'id' AS actor
           FROM outbox WHERE topic = $1 AND envelope->>'type' = 'docket.work-order.sla-breached'`,
        [TOPICS.workOrder.name],
      ),
    );
  }

  it('records each breach once across two sweeping instances, for every firm, and leaves orders not yet due', async () => {
    const first = await acceptedOrders([3_000, 3_000, 24 * 3_600_000]);
    const second = await acceptedOrders([3_000]);

    await eventually(async () => {
      const [a, b] = await Promise.all([breachesOf(first.firmId), breachesOf(second.firmId)]);
      return a.length >= 2 && b.length >= 1 ? true : undefined;
    });
    // More rounds, in both processes at once, after the breaches were recorded: nothing new.
    await Promise.all(
      apps.flatMap((app) => Array.from({ length: 5 }, () => app.get(WorkOrderService).sweepAll())),
    );

    const firstBreaches = await breachesOf(first.firmId);
    expect(firstBreaches.map((breach) => breach.orderId).sort()).toEqual(first.orderIds.slice(0, 2).sort());
    expect(await breachesOf(second.firmId)).toEqual([
      { orderId: second.orderIds[0], actor: 'docket-work-order-sla-sweep' },
    ]);
    for (const breach of firstBreaches) expect(breach.actor).toBe('docket-work-order-sla-sweep');

    const firm = serviceClient(apps[1]!).as(newCaller({ firmId: first.firmId, roles: ['firm-admin'] }));
    const breached = await firm.get(`/v1/work-orders/${first.orderIds[0]}`);
    expect(breached.body.slaBreachedAt).not.toBeNull();
    const notDue = await firm.get(`/v1/work-orders/${first.orderIds[2]}`);
    expect(notDue.body.slaBreachedAt).toBeNull();
  });
});
