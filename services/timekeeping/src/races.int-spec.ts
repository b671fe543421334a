/**
 * Races on one resource, against real PostgreSQL and the broker: ten identical transitions of one
 * time entry, expense or timer fired at once answer exactly one success and a 409 problem+json for
 * each of the others (issue 10), and record the change once.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { TimekeepingConfig } from './config';

const PARALLEL = 10;

describe('Concurrent transitions of one time entry, expense or timer', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    app = await bootService('timekeeping', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  /** A caller of a new firm with one open matter. */
  async function newFirm(): Promise<{ call: CallerClient; matterId: string }> {
    const caller = newCaller({ roles: ['firm-admin', 'attorney'] });
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    return { call: serviceClient(app).as(caller), matterId };
  }

  /** Fires the same request PARALLEL times at once. */
  function race(send: () => Promise<TestResponse>): Promise<TestResponse[]> {
    return Promise.all(Array.from({ length: PARALLEL }, send));
  }

  /** One 2xx, and a 409 problem+json `invalid_transition` for every other request. */
  function expectOneWinner(responses: TestResponse[]): void {
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 200 && status < 300)).toHaveLength(1);
    const refused = responses.filter((response) => response.status >= 300);
    expect(refused.map((response) => response.status)).toEqual(Array(PARALLEL - 1).fill(409));
    for (const response of refused) {
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 409, code: 'invalid_transition' });
    }
  }

  /** How many audit records of `action` the firm's transactions put in the outbox. */
  async function audited(firmId: string, action: string): Promise<number> {
    const rows: Array<{ count: string }> = await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT count(*) AS count FROM outbox
          WHERE envelope->>'type' = 'audit.recorded' AND envelope->'data'->>'action' = $1`,
        [action],
      ),
    );
    return Number(rows[0]?.count);
  }

  it('submits, approves and reverses a time entry once each, and rejects one once', async () => {
    const { call, matterId } = await newFirm();
    const draft = async () => {
      const created = await call.post('/v1/time-entries', {
        matterId,
        workDate: '2026-11-10',
        minutes: 30,
        narrative: 'Drafted brief',
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const entry = await draft();
    const firmId = call.caller.firmId;

    expectOneWinner(await race(() => call.post(`/v1/time-entries/${entry}/submit`)));
    expect(await audited(firmId, 'time-entry.submitted')).toBe(1);
    expectOneWinner(await race(() => call.post(`/v1/time-entries/${entry}/approve`)));
    expect(await audited(firmId, 'time-entry.approved')).toBe(1);
    expectOneWinner(
      await race(() => call.post(`/v1/time-entries/${entry}/reverse`, { reason: 'Wrong matter' })),
    );
    expect(await audited(firmId, 'time-entry.reversed')).toBe(1);

    const toReject = await draft();
    await call.post(`/v1/time-entries/${toReject}/submit`);
    expectOneWinner(
      await race(() => call.post(`/v1/time-entries/${toReject}/reject`, { reason: 'Split it.' })),
    );
    expect(await audited(firmId, 'time-entry.rejected')).toBe(1);
  });

  it('submits, approves and reverses an expense once each, and rejects one once', async () => {
    const { call, matterId } = await newFirm();
    const draft = async () => {
      const created = await call.post('/v1/expenses', {
        matterId,
        expenseDate: '2026-01-15',
        expenseCode: 'E112',
        description: 'Filing fee',
        amountMinor: 40000,
        currency: 'USD',
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const expense = await draft();
    const firmId = call.caller.firmId;

    expectOneWinner(await race(() => call.post(`/v1/expenses/${expense}/submit`)));
    expect(await audited(firmId, 'expense.submitted')).toBe(1);
    expectOneWinner(await race(() => call.post(`/v1/expenses/${expense}/approve`)));
    expect(await audited(firmId, 'expense.approved')).toBe(1);
    expectOneWinner(await race(() => call.post(`/v1/expenses/${expense}/reverse`, { reason: 'Duplicate' })));
    expect(await audited(firmId, 'expense.reversed')).toBe(1);

    const toReject = await draft();
    await call.post(`/v1/expenses/${toReject}/submit`);
    expectOneWinner(
      await race(() => call.post(`/v1/expenses/${toReject}/reject`, { reason: 'No receipt.' })),
    );
    expect(await audited(firmId, 'expense.rejected')).toBe(1);
  });

  it('stops a timer once, into one time entry', async () => {
    const { call, matterId } = await newFirm();
    await call.post('/v1/timekeepers', {
      name: 'Associate',
      classification: 'AS',
      userId: call.caller.subject,
    });
    const timer = await call.post('/v1/timers', { matterId, narrative: 'Deposition prep' });
    expect(timer.status).toBe(201);

    expectOneWinner(await race(() => call.post(`/v1/timers/${timer.body.id}/stop`)));
    expect(await audited(call.caller.firmId, 'time-entry.created')).toBe(1);
  });
});
