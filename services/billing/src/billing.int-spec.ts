/** Billing against real PostgreSQL and the broker: approved time becomes WIP once, however often it arrives. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createEnvelope, TimeEntryApprovedV1, TimeEntryReversedV1, TOPICS } from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  internalTokenFor,
  newFirmId,
  publishMatter,
  serviceTestEnv,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { BillingConfig } from './config';

describe('Billing service', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(BillingConfig, serviceTestEnv('billing'));
    app = await bootService('billing', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  async function wip(firmId: string, matterId: string) {
    const url = `/v1/matters/${matterId}/wip`;
    const token = internalTokenFor('billing', { method: 'GET', url }, firmId);
    const response = await app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.statusCode, body: response.json() };
  }

  function approvedEvent(firmId: string, matterId: string, timeEntryId: string, minutes: number) {
    return createEnvelope({
      type: TimeEntryApprovedV1.type,
      firmId,
      aggregateId: timeEntryId,
      actor: { type: 'user', id: 'approver' },
      correlationId: randomUUID(),
      data: {
        timeEntryId,
        matterId,
        timekeeperId: 'keeper',
        workDate: '2026-11-20',
        minutes,
        billedTenths: Math.ceil(minutes / 6),
        narrative: 'Work',
        billable: true,
        approvedAt: new Date().toISOString(),
        approvedBy: 'approver',
      },
    });
  }

  it('shows each approved entry once, even when its event is delivered twice or re-published', async () => {
    const firmId = newFirmId();
    const matterId = randomUUID();
    await publishMatter(producer, firmId, { matterId });
    const first = approvedEvent(firmId, matterId, randomUUID(), 30);
    const second = approvedEvent(firmId, matterId, randomUUID(), 45);
    const republished = { ...approvedEvent(firmId, matterId, first.data.timeEntryId, 30) };
    const messages = [first, first, second, republished].map((event) => ({
      key: event.aggregateId,
      value: JSON.stringify(event),
    }));
    await producer.send({ topic: TOPICS.timeEntry.name, messages });

    const body = await eventually(async () => {
      const response = await wip(firmId, matterId);
      return response.status === 200 && response.body.entryCount === 2 ? response.body : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settled = (await wip(firmId, matterId)).body;
    expect(settled).toMatchObject({ entryCount: 2, totalMinutes: 75, totalBilledTenths: 13 });
    expect(body.items.map((item: { timeEntryId: string }) => item.timeEntryId).sort()).toEqual(
      [first.data.timeEntryId, second.data.timeEntryId].sort(),
    );
    expect((await wip(newFirmId(), matterId)).status).toBe(404);
  });

  it('takes a reversed entry out of work in progress and keeps the others', async () => {
    const firmId = newFirmId();
    const matterId = randomUUID();
    await publishMatter(producer, firmId, { matterId });
    const kept = approvedEvent(firmId, matterId, randomUUID(), 60);
    const reversed = approvedEvent(firmId, matterId, randomUUID(), 30);
    const correction = createEnvelope({
      type: TimeEntryReversedV1.type,
      firmId,
      aggregateId: randomUUID(),
      actor: { type: 'user', id: 'approver' },
      correlationId: randomUUID(),
      data: {
        ...reversed.data,
        timeEntryId: randomUUID(),
        minutes: -30,
        billedTenths: -5,
        reversedEntryId: reversed.data.timeEntryId,
      },
    });
    const messages = [kept, reversed].map((event) => ({
      key: event.aggregateId,
      value: JSON.stringify(event),
    }));
    await producer.send({ topic: TOPICS.timeEntry.name, messages });
    await eventually(async () => ((await wip(firmId, matterId)).body.entryCount === 2 ? true : undefined));

    await producer.send({
      topic: TOPICS.timeEntry.name,
      messages: [{ key: correction.aggregateId, value: JSON.stringify(correction) }],
    });
    const body = await eventually(async () => {
      const response = await wip(firmId, matterId);
      return response.body.entryCount === 1 ? response.body : undefined;
    });
    expect(body).toMatchObject({ entryCount: 1, totalMinutes: 60, totalBilledTenths: 10 });
    expect(body.items.map((item: { timeEntryId: string }) => item.timeEntryId)).toEqual([
      kept.data.timeEntryId,
    ]);
  });
});
