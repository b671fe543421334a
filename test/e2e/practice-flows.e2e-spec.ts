/**
 * Intake and timekeeping features through the gateway: a conflict holds a matter until an
 * attorney signs off; the client's billing guideline (routed to timekeeping under the client's
 * path) shapes the time recorded on the matter.
 */
import { eventually } from '@lawfirm/testing';
import { Api, createFirm, startTestStack, type TestStack } from './support/test-stack';

describe('Practice flows through the gateway', () => {
  let env: TestStack;
  let api: Api;

  beforeAll(async () => {
    env = await startTestStack();
    api = await Api.login(env.gatewayUrl, await createFirm());
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('holds a conflicted matter pending until sign-off, then takes time under the client guideline', async () => {
    const acme = (await api.call('POST', '/v1/clients', { kind: 'company', name: 'Acme Corporation' })).body;
    const first = await api.call('POST', '/v1/matters', {
      clientId: acme.id,
      title: 'Acme v. Initech',
      parties: [{ role: 'adverse-party', name: 'Initech, Inc.', kind: 'company' }],
    });
    expect(first.body.status).toBe('open');

    const initech = (await api.call('POST', '/v1/clients', { kind: 'company', name: 'INITECH LLC' })).body;
    const second = await api.call('POST', '/v1/matters', { clientId: initech.id, title: 'Initech employment advice' });
    expect(second.body).toMatchObject({ status: 'pending', conflictCheck: { status: 'awaiting-sign-off' } });
    const history = await api.call('GET', `/v1/matters/${second.body.id}/conflict-checks`);
    expect(history.body[0].hits[0]).toMatchObject({ rule: 'normalized', matters: [expect.objectContaining({ role: 'adverse-party' })] });

    // Pending matters take no time.
    const refused = await eventually(async () => {
      const response = await api.call('POST', '/v1/time-entries', { matterId: second.body.id, workDate: '2026-11-20', minutes: 30, narrative: 'Call' });
      return response.status === 422 && response.body.code === 'matter_not_open' ? response.body : undefined;
    });
    expect(refused.errors[0].field).toBe('matterId');

    const signed = await api.call('POST', `/v1/conflict-checks/${second.body.conflictCheck.id}/sign-off`, {
      decision: 'waived',
      waiverReference: 'W-17',
      reason: 'Unrelated matters; both clients consented in writing',
    });
    expect(signed.body.status).toBe('waived');

    const guideline = await api.call('PUT', `/v1/clients/${initech.id}/billing-guidelines`, {
      mode: 'block',
      rules: { minIncrementMinutes: 15, requireTaskCode: true },
    });
    expect(guideline.status).toBe(201);

    const entry = await eventually(async () => {
      const response = await api.call('POST', '/v1/time-entries', {
        matterId: second.body.id,
        workDate: '2026-11-20',
        duration: '20min',
        narrative: 'Reviewed the employment agreement',
      });
      return response.status === 201 ? response.body : undefined;
    });
    // 20 minutes at 15-minute increments bill 30 minutes = 5 tenths; the missing task code is reported.
    expect(entry).toMatchObject({ minutes: 20, billedTenths: 5, guidelineVersion: 1 });
    expect(entry.violations.map((violation: { rule: string }) => violation.rule)).toContain('task-code-required');
    const blocked = await api.call('POST', `/v1/time-entries/${entry.id}/submit`);
    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe('guideline_violation');
    const fixed = await api.call('PATCH', `/v1/time-entries/${entry.id}`, { taskCode: 'L120', activityCode: 'A104' });
    expect(fixed.body.violations).toEqual([]);
    expect((await api.call('POST', `/v1/time-entries/${entry.id}/submit`)).body.status).toBe('submitted');
  });

  it('lists UTBMS codes and routes timekeepers, timers and expenses to timekeeping', async () => {
    const codes = await api.call('GET', '/v1/utbms-codes?set=activity');
    expect(codes.status).toBe(200);
    expect(JSON.stringify(codes.body)).toContain('A104');
    expect((await api.call('GET', '/v1/timekeepers')).status).toBe(200);
    expect((await api.call('GET', '/v1/timers')).status).toBe(200);
    expect((await api.call('GET', '/v1/expenses')).status).toBe(200);
    expect((await api.call('GET', '/v1/leads')).status).toBe(200);
  });
});
