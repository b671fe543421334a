/**
 * Billing's invoices against the services that feed and read them, in this process over the test
 * PostgreSQL and Kafka: a matter opened in intake, time and an expense approved in timekeeping, billed
 * on an invoice issued by billing, and timekeeping marking that time and expense billed from
 * `billing.invoice.issued` (the event contract the two services share).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  createMatter,
  eventually,
  newCaller,
  serviceClient,
  serviceTestEnv,
  type CallerClient,
} from '@lawfirm/testing';
import { AppModule as BillingModule } from '../../services/billing/src/app.module';
import { BillingConfig } from '../../services/billing/src/config';
import { AppModule as IntakeModule } from '../../services/intake/src/app.module';
import { IntakeConfig } from '../../services/intake/src/config';
import { AppModule as TimekeepingModule } from '../../services/timekeeping/src/app.module';
import { TimekeepingConfig } from '../../services/timekeeping/src/config';

describe('An invoice from approved work, and timekeeping marking it billed', () => {
  let intake: NestFastifyApplication;
  let timekeeping: NestFastifyApplication;
  let billing: NestFastifyApplication;

  beforeAll(async () => {
    intake = await bootService('intake', (logger) =>
      IntakeModule.register(loadConfig(IntakeConfig, serviceTestEnv('intake')), logger),
    );
    timekeeping = await bootService('timekeeping', (logger) =>
      TimekeepingModule.register(loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping')), logger),
    );
    billing = await bootService('billing', (logger) =>
      BillingModule.register(loadConfig(BillingConfig, serviceTestEnv('billing')), logger),
    );
  });

  afterAll(async () => {
    await billing?.close();
    await timekeeping?.close();
    await intake?.close();
  });

  /** Retries a request until it answers `status` (projections are fed asynchronously). */
  async function until(call: () => ReturnType<CallerClient['post']>, status: number) {
    return eventually(async () => {
      const response = await call();
      return response.status === status ? response : undefined;
    });
  }

  it('bills approved time and an approved expense once, and timekeeping shows both billed', async () => {
    const attorney = newCaller({ roles: ['firm-admin', 'attorney', 'billing'] });
    const approver = colleagueOf(attorney, ['attorney', 'billing']);
    const matter = await createMatter(serviceClient(intake).as(attorney));
    const keeping = serviceClient(timekeeping).as(attorney);
    const approving = serviceClient(timekeeping).as(approver);
    const billingClerk = serviceClient(billing).as(colleagueOf(attorney, ['billing']));

    const entry = (
      await until(
        () =>
          keeping.post('/v1/time-entries', {
            matterId: matter.id,
            workDate: '2026-11-20',
            minutes: 90,
            narrative: 'Drafted the complaint',
            billable: true,
          }),
        201,
      )
    ).body;
    expect((await keeping.post(`/v1/time-entries/${entry.id}/submit`)).status).toBe(200);
    expect((await approving.post(`/v1/time-entries/${entry.id}/approve`)).status).toBe(200);
    const expense = (
      await keeping.post('/v1/expenses', {
        matterId: matter.id,
        expenseDate: '2026-11-20',
        expenseCode: 'E112',
        description: 'Court filing fee',
        amountMinor: 40000,
        currency: 'USD',
      })
    ).body;
    expect((await keeping.post(`/v1/expenses/${expense.id}/submit`)).status).toBe(200);
    expect((await approving.post(`/v1/expenses/${expense.id}/approve`)).status).toBe(200);

    await eventually(async () => {
      const wip = (await billingClerk.get(`/v1/matters/${matter.id}/wip`)).body;
      return wip.entryCount === 1 && wip.expenses?.length === 1 ? true : undefined;
    });
    const rule = await billingClerk.post('/v1/rate-rules', {
      scope: 'client',
      clientId: matter.clientId,
      rateMinor: 30000,
      currency: 'USD',
      effectiveFrom: '2026-01-01',
    });
    expect(rule.status).toBe(201);
    const preBill = await billingClerk.post('/v1/pre-bills', {
      matterId: matter.id,
      periodEnd: '2026-11-30',
      currency: 'USD',
    });
    expect(preBill.status).toBe(201);
    // 90 minutes are 15 tenths at 300.00 an hour: 450.00, plus the 400.00 filing fee at cost.
    expect(preBill.body.totals).toMatchObject({
      feesMinor: 45000,
      disbursementsMinor: 40000,
      totalMinor: 85000,
    });
    const issued = await billingClerk.post(`/v1/pre-bills/${preBill.body.id}/issue`);
    expect(issued.status).toBe(200);

    await eventually(async () => {
      const [time, cost] = await Promise.all([
        keeping.get(`/v1/time-entries/${entry.id}`),
        keeping.get(`/v1/expenses/${expense.id}`),
      ]);
      return time.body.status === 'billed' && cost.body.status === 'billed' ? true : undefined;
    });
    const wip = (await billingClerk.get(`/v1/matters/${matter.id}/wip`)).body;
    expect(wip).toMatchObject({ entryCount: 0, expenses: [] });
  });
});
