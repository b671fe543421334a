/** Timekeeping against real PostgreSQL and the broker: the matter projection gates time, approval publishes. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { MatterClosedV1, MatterOpenedV1, TOPICS } from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  newCaller,
  newFirmId,
  serviceClient,
  parseJsonMessage,
  publishMatter,
  serviceTestEnv,
  testKafka,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { TimekeepingConfig } from './config';

describe('Timekeeping service', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let consumer: Consumer;
  const approved: Array<{
    type: string;
    firmId: string;
    data: { timeEntryId: string; minutes: number; billedTenths: number };
    traceparent?: string;
  }> = [];

  beforeAll(async () => {
    const config = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    app = await bootService('timekeeping', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
    consumer = testKafka().consumer({
      groupId: `tk-spec-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.timeEntry.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parseJsonMessage<(typeof approved)[number]>(message.value);
        if (event) approved.push({ ...event, traceparent: message.headers?.traceparent?.toString() });
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await app?.close();
  });

  async function publishMatterEvent(
    type: string,
    firmId: string,
    matterId: string,
    status: 'open' | 'closed',
    changedAt: Date,
  ): Promise<void> {
    await publishMatter(producer, firmId, { type, matterId, status, changedAt });
  }

  it('accepts time only once the matter is known and open, and refuses it after the matter closes', async () => {
    const firmId = newFirmId();
    const timekeeping = serviceClient(app).as(newCaller({ firmId }));
    const matterId = randomUUID();
    const entry = { matterId, workDate: '2026-11-20', minutes: 13, narrative: 'Reviewed pleadings' };
    expect((await timekeeping.post('/v1/time-entries', entry)).body.code).toBe('matter_not_found');
    await publishMatterEvent(MatterOpenedV1.type, firmId, matterId, 'open', new Date(Date.now() - 1000));
    const created = await eventually(async () => {
      const response = await timekeeping.post('/v1/time-entries', entry);
      return response.status === 201 ? response.body : undefined;
    });
    expect(created).toMatchObject({ status: 'draft', minutes: 13, billedTenths: 3 });

    await publishMatterEvent(MatterClosedV1.type, firmId, matterId, 'closed', new Date());
    const refused = await eventually(async () => {
      const response = await timekeeping.post('/v1/time-entries', entry);
      return response.status === 422 ? response.body : undefined;
    });
    expect(refused.code).toBe('matter_not_open');
    // Another firm never sees this matter.
    expect((await serviceClient(app).as(newCaller()).post('/v1/time-entries', entry)).body.code).toBe(
      'matter_not_found',
    );
  });

  it('publishes timekeeping.time-entry.approved with raw minutes and billed tenths', async () => {
    const firmId = newFirmId();
    const timekeeping = serviceClient(app).as(newCaller({ firmId }));
    const matterId = randomUUID();
    await publishMatterEvent(MatterOpenedV1.type, firmId, matterId, 'open', new Date());
    const entry = await eventually(async () => {
      const response = await timekeeping.post('/v1/time-entries', {
        matterId,
        workDate: '2026-11-21',
        minutes: 61,
        narrative: 'Hearing prep',
      });
      return response.status === 201 ? response.body : undefined;
    });
    expect((await timekeeping.post(`/v1/time-entries/${entry.id}/submit`)).status).toBe(200);
    // The approval's event joins the approving request's trace, as this service's own span.
    const traceId = randomUUID().replace(/-/g, '');
    const requestTrace = `00-${traceId}-b7ad6b7169203331-01`;
    expect(
      (
        await timekeeping.post(`/v1/time-entries/${entry.id}/approve`, undefined, {
          headers: { traceparent: requestTrace },
        })
      ).status,
    ).toBe(200);
    const again = await timekeeping.post(`/v1/time-entries/${entry.id}/approve`);
    expect(again.status).toBe(409);
    const event = await eventually(async () =>
      approved.find(
        (e) =>
          e.type === 'timekeeping.time-entry.approved' &&
          e.firmId === firmId &&
          e.data.timeEntryId === entry.id,
      ),
    );
    expect(event.data).toMatchObject({ minutes: 61, billedTenths: 11 });
    expect(event.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(event.traceparent).not.toBe(requestTrace);
  });
});
