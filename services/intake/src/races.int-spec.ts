/**
 * Races on one resource, against real PostgreSQL: ten identical transitions fired at once answer
 * exactly one success and a 409 problem+json for each of the others (issue 10), and leave one change.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  newCaller,
  serviceClient,
  serviceTestEnv,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { IntakeConfig } from './config';

const PARALLEL = 10;

describe('Concurrent transitions of one resource', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const config = loadConfig(IntakeConfig, serviceTestEnv('intake'));
    app = await bootService('intake', (logger) => AppModule.register(config, logger));
  });

  afterAll(async () => {
    await app?.close();
  });

  function intakeOfNewFirm(): CallerClient {
    return serviceClient(app).as(newCaller({ roles: ['firm-admin', 'attorney'] }));
  }

  /** Fires the same request PARALLEL times at once. */
  function race(send: () => Promise<TestResponse>): Promise<TestResponse[]> {
    return Promise.all(Array.from({ length: PARALLEL }, send));
  }

  /** One 2xx, and a 409 problem+json with `code` for every other request. */
  function expectOneWinner(responses: TestResponse[], code: string): void {
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 200 && status < 300)).toHaveLength(1);
    const refused = responses.filter((response) => response.status >= 300);
    expect(refused.map((response) => response.status)).toEqual(Array(PARALLEL - 1).fill(409));
    for (const response of refused) {
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 409, code });
    }
  }

  /** What the firm's transactions put in the outbox: event types, and the action of each audit record. */
  async function outboxOf(
    firmId: string,
  ): Promise<Array<{ type: string; action: string | null; matterId: string | null }>> {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data'->>'action' AS action, envelope->'data'->>'matterId' AS "matterId"
           FROM outbox ORDER BY created_at, id`,
      ),
    );
  }

  async function pendingMatter(call: CallerClient): Promise<{ matterId: string; checkId: string }> {
    const name = `Globex ${randomUUID().slice(0, 8)} Corporation`;
    const acme = (await call.post('/v1/clients', { kind: 'company', name: 'Acme Corporation' })).body;
    await call.post('/v1/matters', {
      clientId: acme.id,
      title: 'Acme v. Globex',
      parties: [{ role: 'adverse-party', name, kind: 'company' }],
    });
    const globex = (await call.post('/v1/clients', { kind: 'company', name })).body;
    const pending = await call.post('/v1/matters', { clientId: globex.id, title: 'Globex counsel' });
    expect(pending.body.status).toBe('pending');
    return { matterId: pending.body.id, checkId: pending.body.conflictCheck.id };
  }

  it('signs a conflict check off once: one 200, nine 409, one sign-off, one intake.matter.opened', async () => {
    const call = intakeOfNewFirm();
    const { matterId, checkId } = await pendingMatter(call);

    const responses = await race(() =>
      call.post(`/v1/conflict-checks/${checkId}/sign-off`, { decision: 'cleared' }),
    );

    expectOneWinner(responses, 'conflict_check_already_signed_off');
    const signOffs: Array<{ count: string }> = await withTenant(
      app.get(DataSource),
      call.caller.firmId,
      (manager) =>
        manager.query(`SELECT count(*) AS count FROM conflict_signoffs WHERE check_id = $1`, [checkId]),
    );
    expect(Number(signOffs[0]?.count)).toBe(1);
    const opened = (await outboxOf(call.caller.firmId)).filter(
      (row) => row.type === 'intake.matter.opened' && row.matterId === matterId,
    );
    expect(opened).toHaveLength(1);
    expect((await call.get(`/v1/matters/${matterId}`)).body.status).toBe('open');
  });

  it('closes a matter once and reopens it once', async () => {
    const call = intakeOfNewFirm();
    const client = (await call.post('/v1/clients', { kind: 'company', name: `Initech ${randomUUID()}` }))
      .body;
    const matter = (await call.post('/v1/matters', { clientId: client.id, title: 'Lease' })).body;
    expect(matter.status).toBe('open');

    expectOneWinner(
      await race(() => call.post(`/v1/matters/${matter.id}/close`, { reason: 'done' })),
      'invalid_matter_transition',
    );
    expectOneWinner(
      await race(() => call.post(`/v1/matters/${matter.id}/reopen`)),
      'invalid_matter_transition',
    );
    const events = (await outboxOf(call.caller.firmId)).filter((row) => row.matterId === matter.id);
    expect(events.filter((row) => row.type === 'intake.matter.closed')).toHaveLength(1);
    expect(events.filter((row) => row.type === 'intake.matter.reopened')).toHaveLength(1);
  });

  it('converts a lead once: one client and one matter', async () => {
    const call = intakeOfNewFirm();
    const name = `Prospect ${randomUUID().slice(0, 8)}`;
    const lead = (await call.post('/v1/leads', { kind: 'person', name })).body;

    const responses = await race(() => call.post(`/v1/leads/${lead.id}/convert`, { title: 'Estate plan' }));

    expectOneWinner(responses, 'lead_already_converted');
    expect((await call.get('/v1/clients')).body.items).toHaveLength(1);
    expect((await call.get('/v1/matters')).body.items).toHaveLength(1);
  });

  it('moves a lead to a stage once; the repeats are no-ops that answer the lead as it is', async () => {
    const call = intakeOfNewFirm();
    const lead = (await call.post('/v1/leads', { kind: 'person', name: `Prospect ${randomUUID()}` })).body;

    const responses = await race(() => call.patch(`/v1/leads/${lead.id}`, { stage: 'contacted' }));

    expect(responses.map((response) => response.status)).toEqual(Array(PARALLEL).fill(200));
    expect(responses.every((response) => response.body.stage === 'contacted')).toBe(true);
    const updates = (await outboxOf(call.caller.firmId)).filter((row) => row.action === 'lead.updated');
    expect(updates).toHaveLength(1);
  });

  it('revokes a consent once', async () => {
    const call = intakeOfNewFirm();
    const client = (await call.post('/v1/clients', { kind: 'person', name: `Jane ${randomUUID()}` })).body;
    const consent = (
      await call.post(`/v1/clients/${client.id}/consents`, {
        scopes: ['document-review'],
        givenOn: '2024-01-15',
        method: 'engagement-letter',
      })
    ).body;

    const responses = await race(() =>
      call.post(`/v1/clients/${client.id}/consents/${consent.id}/revoke`, { reason: 'Client withdrew' }),
    );

    expectOneWinner(responses, 'consent_already_revoked');
    const revoked = (await outboxOf(call.caller.firmId)).filter(
      (row) => row.type === 'intake.consent.revoked',
    );
    expect(revoked).toHaveLength(1);
  });
});
