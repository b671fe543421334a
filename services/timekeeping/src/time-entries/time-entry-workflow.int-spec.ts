/**
 * The time-entry workflow against real PostgreSQL and the broker: edit while draft, reject,
 * reverse, bulk submit/approve, and `billed` driven by billing's invoice event.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createEnvelope, InvoiceIssuedV1, TOPICS } from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  newCaller,
  newFirmId,
  parseJsonMessage,
  publishMatter,
  serviceClient,
  serviceTestEnv,
  testKafka,
  testProducer,
  type CallerClient,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { TimekeepingConfig } from '../config';

describe('Time-entry workflow', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let consumer: Consumer;
  const events: Array<{
    type: string;
    firmId: string;
    data: { timeEntryId: string; minutes: number; reversedEntryId?: string };
  }> = [];

  beforeAll(async () => {
    const config = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    app = await bootService('timekeeping', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
    consumer = testKafka().consumer({
      groupId: `tk-workflow-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.timeEntry.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parseJsonMessage<(typeof events)[number]>(message.value);
        if (event) events.push(event);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await app?.close();
  });

  const openMatter = (firmId: string): Promise<string> => publishMatter(producer, firmId);

  async function draft(call: CallerClient, matterId: string, extra: object = {}) {
    return eventually(async () => {
      const response = await call.post('/v1/time-entries', {
        matterId,
        workDate: '2026-11-10',
        duration: '1h 12m',
        narrative: 'Drafted brief',
        ...extra,
      });
      return response.status === 201 ? response.body : undefined;
    });
  }

  it('edits a draft, freezes raw minutes once submitted, and rejects back to editable', async () => {
    const firmId = newFirmId();
    const call = serviceClient(app).as(newCaller({ firmId }));
    const entry = await draft(call, await openMatter(firmId));
    expect(entry).toMatchObject({ minutes: 72, billedTenths: 12, status: 'draft' });
    const edited = await call.patch(`/v1/time-entries/${entry.id}`, { minutes: 30 });
    expect(edited.body).toMatchObject({ minutes: 30, billedTenths: 5 });
    expect((await call.post(`/v1/time-entries/${entry.id}/submit`)).body.status).toBe('submitted');
    const frozen = await call.patch(`/v1/time-entries/${entry.id}`, { minutes: 45 });
    expect(frozen.status).toBe(409);
    expect((await call.get(`/v1/time-entries/${entry.id}`)).body.minutes).toBe(30);
    const noReason = await call.post(`/v1/time-entries/${entry.id}/reject`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const rejected = await call.post(`/v1/time-entries/${entry.id}/reject`, {
      reason: 'Block-billed; split by task.',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Block-billed; split by task.',
    });
    expect((await call.post(`/v1/time-entries/${entry.id}/approve`)).status).toBe(409);
    expect(
      (
        await call.patch(`/v1/time-entries/${entry.id}`, {
          narrative: 'Drafted brief (research split out)',
        })
      ).body.status,
    ).toBe('draft');
    expect(
      (
        await serviceClient(app)
          .as(newCaller({ firmId, roles: ['paralegal'] }))
          .post(`/v1/time-entries/${entry.id}/reject`, { reason: 'x' })
      ).status,
    ).toBe(403);
  });

  it('reverses approved time with a negative entry and refuses to reverse a draft', async () => {
    const firmId = newFirmId();
    const call = serviceClient(app).as(newCaller({ firmId }));
    const matterId = await openMatter(firmId);
    const entry = await draft(call, matterId);
    expect((await call.post(`/v1/time-entries/${entry.id}/reverse`, {})).status).toBe(409);
    await call.post(`/v1/time-entries/${entry.id}/submit`);
    await call.post(`/v1/time-entries/${entry.id}/approve`);
    const reversed = await call.post(`/v1/time-entries/${entry.id}/reverse`, { reason: 'Wrong matter' });
    expect(reversed.status).toBe(200);
    expect(reversed.body.reversed).toMatchObject({
      id: entry.id,
      status: 'voided',
      reversedByEntryId: reversed.body.reversal.id,
    });
    expect(reversed.body.reversal).toMatchObject({
      minutes: -72,
      billedTenths: -12,
      status: 'approved',
      reversesEntryId: entry.id,
    });
    expect((await call.post(`/v1/time-entries/${entry.id}/reverse`, {})).status).toBe(409);
    const published = await eventually(async () =>
      events.find((event) => event.firmId === firmId && event.type === 'timekeeping.time-entry.reversed'),
    );
    expect(published.data).toMatchObject({ reversedEntryId: entry.id, minutes: -72 });
  });

  it('bulk-submits and bulk-approves a matter, reporting entries it could not move', async () => {
    const firmId = newFirmId();
    const call = serviceClient(app).as(newCaller({ firmId }));
    const matterId = await openMatter(firmId);
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await draft(call, matterId, { narrative: `Entry ${i}` })).id);
    expect((await call.post('/v1/time-entries/bulk-submit', {})).status).toBe(400);
    const submitted = await call.post('/v1/time-entries/bulk-submit', { matterId });
    expect(submitted.body.succeeded.sort()).toEqual([...ids].sort());
    const approved = await call.post('/v1/time-entries/bulk-approve', {
      matterId,
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(approved.body).toMatchObject({ failed: [] });
    expect(approved.body.succeeded).toHaveLength(3);
    const again = await call.post('/v1/time-entries/bulk-approve', { matterId });
    expect(again.body).toEqual({ succeeded: [], failed: [], skipped: [] });
  });

  it('marks approved entries billed when billing issues an invoice, and only those', async () => {
    const firmId = newFirmId();
    const call = serviceClient(app).as(newCaller({ firmId }));
    const matterId = await openMatter(firmId);
    const billed = await draft(call, matterId);
    const notApproved = await draft(call, matterId, { narrative: 'Still a draft' });
    await call.post(`/v1/time-entries/${billed.id}/submit`);
    await call.post(`/v1/time-entries/${billed.id}/approve`);
    const invoiceId = randomUUID();
    const issued = createEnvelope({
      type: InvoiceIssuedV1.type,
      firmId,
      aggregateId: invoiceId,
      actor: { type: 'service', id: 'billing' },
      correlationId: randomUUID(),
      data: {
        invoiceId,
        invoiceNumber: 'INV-2026-0001',
        matterId,
        timeEntryIds: [billed.id, notApproved.id],
        expenseIds: [],
        issuedAt: new Date().toISOString(),
      },
    });
    await producer.send({
      topic: TOPICS.invoice.name,
      messages: [{ key: invoiceId, value: JSON.stringify(issued) }],
    });
    const done = await eventually(async () => {
      const response = await call.get(`/v1/time-entries/${billed.id}`);
      return response.body.status === 'billed' ? response.body : undefined;
    });
    expect(done.invoiceId).toBe(invoiceId);
    expect((await call.get(`/v1/time-entries/${notApproved.id}`)).body.status).toBe('draft');
    expect((await serviceClient(app).as(newCaller()).get(`/v1/time-entries/${billed.id}`)).status).toBe(404);
  });
});
