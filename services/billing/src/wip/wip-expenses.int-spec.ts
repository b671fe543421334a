/** Work in progress from approved expenses against real PostgreSQL and the broker: exactly once, reversals remove. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createEnvelope, ExpenseApprovedV1, ExpenseReversedV1, TOPICS } from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  approvedTimeEntryEvent,
  bootService,
  eventually,
  newCaller,
  publishEvents,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';

describe('Work in progress from expenses', () => {
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

  function expenseEvent(firmId: string, matterId: string, amountMinor: number, vendorId?: string) {
    const expenseId = randomUUID();
    return createEnvelope({
      type: ExpenseApprovedV1.type,
      firmId,
      aggregateId: expenseId,
      actor: { type: 'user', id: 'approver' },
      correlationId: randomUUID(),
      data: {
        expenseId,
        matterId,
        timekeeperId: 'keeper',
        expenseDate: '2026-11-12',
        expenseCode: 'E112',
        description: 'Court filing fee',
        amountMinor,
        currency: 'USD',
        billable: true,
        outsourced: vendorId !== undefined,
        ...(vendorId ? { vendorId } : {}),
        approvedAt: new Date().toISOString(),
        approvedBy: 'approver',
      },
    });
  }

  it('holds each approved expense once however often it arrives, with its vendor, and a reversal removes it', async () => {
    const caller = newCaller();
    const call = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const vendorId = randomUUID();
    const own = expenseEvent(caller.firmId, matterId, 4000);
    const vendor = expenseEvent(caller.firmId, matterId, 12500, vendorId);
    const republished = { ...expenseEvent(caller.firmId, matterId, 4000), data: { ...own.data } };
    await publishEvents(producer, TOPICS.expense.name, [own, vendor, own, republished, vendor]);
    await eventually(async () =>
      (await call.get(`/v1/matters/${matterId}/wip`)).body.expenses?.length === 2 ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const wip = (await call.get(`/v1/matters/${matterId}/wip`)).body;
    expect(wip.expenses).toHaveLength(2);
    expect(wip.expenses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          expenseId: own.data.expenseId,
          amountMinor: 4000,
          outsourced: false,
          vendorId: null,
        }),
        expect.objectContaining({
          expenseId: vendor.data.expenseId,
          amountMinor: 12500,
          outsourced: true,
          vendorId,
        }),
      ]),
    );

    const reversal = createEnvelope({
      type: ExpenseReversedV1.type,
      firmId: caller.firmId,
      aggregateId: randomUUID(),
      actor: { type: 'user', id: 'approver' },
      correlationId: randomUUID(),
      data: {
        ...own.data,
        expenseId: randomUUID(),
        amountMinor: -4000,
        reversedExpenseId: own.data.expenseId,
      },
    });
    await publishEvents(producer, TOPICS.expense.name, [reversal, reversal]);
    // A transient database error on the way (two integration workers share the machine) is retried with
    // back-off, so this waits longer than the default.
    const after = await eventually(async () => {
      const body = (await call.get(`/v1/matters/${matterId}/wip`)).body;
      return body.expenses.length === 1 ? body : undefined;
    }, 60_000);
    expect(after.expenses[0].expenseId).toBe(vendor.data.expenseId);
    expect((await serviceClient(app).as(newCaller()).get(`/v1/matters/${matterId}/wip`)).status).toBe(404);
  });

  it("carries a vendor timekeeper's outsourced flag and vendor onto work in progress", async () => {
    const caller = newCaller();
    const call = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const vendorId = randomUUID();
    const approved = approvedTimeEntryEvent(caller.firmId, matterId, {
      minutes: 60,
      timekeeperId: 'vendor-keeper',
      narrative: 'Document review',
      outsourced: true,
      vendorId,
    });
    const timeEntryId = approved.data.timeEntryId;
    await publishEvents(producer, TOPICS.timeEntry.name, [approved, approved]);
    const wip = await eventually(async () => {
      const body = (await call.get(`/v1/matters/${matterId}/wip`)).body;
      return body.entryCount === 1 ? body : undefined;
    });
    expect(wip.items[0]).toMatchObject({ timeEntryId, outsourced: true, vendorId, onPreBill: false });
  });
});
