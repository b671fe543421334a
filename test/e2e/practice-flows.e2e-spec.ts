/**
 * Intake and timekeeping features through the gateway: a conflict holds a matter until an
 * attorney signs off; the client's billing guideline (routed to timekeeping under the client's
 * path) shapes the time recorded on the matter. Calls go through the client typed by the
 * gateway's OpenAPI document (support/gateway-client).
 */
import { eventually } from '@lawfirm/testing';
import { signIn, type Gateway } from './support/gateway-client';
import { createFirm, startTestStack, type TestStack } from './support/test-stack';

describe('Practice flows through the gateway', () => {
  let env: TestStack;
  let api: Gateway;

  beforeAll(async () => {
    env = await startTestStack();
    api = await signIn(env.gatewayUrl, await createFirm());
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('holds a conflicted matter pending until sign-off, then takes time under the client guideline', async () => {
    const acme = (await api.POST('/v1/clients', { body: { kind: 'company', name: 'Acme Corporation' } }))
      .data!;
    const first = await api.POST('/v1/matters', {
      body: {
        clientId: acme.id,
        title: 'Acme v. Initech',
        parties: [{ role: 'adverse-party', name: 'Initech, Inc.', kind: 'company' }],
      },
    });
    expect(first.data?.status).toBe('open');

    const initech = (await api.POST('/v1/clients', { body: { kind: 'company', name: 'INITECH LLC' } })).data!;
    const opened = await api.POST('/v1/matters', {
      body: { clientId: initech.id, title: 'Initech employment advice' },
    });
    const second = opened.data!;
    expect(second).toMatchObject({ status: 'pending', conflictCheck: { status: 'awaiting-sign-off' } });
    const history = await api.GET('/v1/matters/{id}/conflict-checks', {
      params: { path: { id: second.id } },
    });
    expect(history.data?.[0]?.hits[0]).toMatchObject({
      rule: 'normalized',
      matters: [expect.objectContaining({ role: 'adverse-party' })],
    });

    // Pending matters take no time.
    const refused = await eventually(async () => {
      const response = await api.POST('/v1/time-entries', {
        body: { matterId: second.id, workDate: '2026-11-20', minutes: 30, narrative: 'Call' },
      });
      return response.response.status === 422 && response.error?.code === 'matter_not_open'
        ? response.error
        : undefined;
    });
    expect(refused.errors?.[0]?.field).toBe('matterId');

    // The document describes the matter's conflict check only as an object, so its id is read as one.
    const conflictCheckId = (second.conflictCheck as { id: string } | undefined)?.id ?? '';
    const signed = await api.POST('/v1/conflict-checks/{id}/sign-off', {
      params: { path: { id: conflictCheckId } },
      body: {
        decision: 'waived',
        waiverReference: 'W-17',
        reason: 'Unrelated matters; both clients consented in writing',
      },
    });
    expect(signed.data?.status).toBe('waived');

    const guideline = await api.PUT('/v1/clients/{clientId}/billing-guidelines', {
      params: { path: { clientId: initech.id } },
      body: { mode: 'block', rules: { minIncrementMinutes: 15, requireTaskCode: true } },
    });
    expect(guideline.response.status).toBe(201);

    const entry = await eventually(async () => {
      const response = await api.POST('/v1/time-entries', {
        body: {
          matterId: second.id,
          workDate: '2026-11-20',
          duration: '20min',
          narrative: 'Reviewed the employment agreement',
        },
      });
      return response.response.status === 201 ? response.data : undefined;
    });
    // 20 minutes at 15-minute increments bill 30 minutes = 5 tenths; the missing task code is reported.
    expect(entry).toMatchObject({ minutes: 20, billedTenths: 5, guidelineVersion: 1 });
    expect(entry.violations.map((violation) => violation.rule)).toContain('task-code-required');
    const byId = { params: { path: { id: entry.id } } };
    const blocked = await api.POST('/v1/time-entries/{id}/submit', byId);
    expect(blocked.response.status).toBe(422);
    expect(blocked.error?.code).toBe('guideline_violation');
    const fixed = await api.PATCH('/v1/time-entries/{id}', {
      ...byId,
      body: { taskCode: 'L120', activityCode: 'A104' },
    });
    expect(fixed.data?.violations).toEqual([]);
    expect((await api.POST('/v1/time-entries/{id}/submit', byId)).data?.status).toBe('submitted');
  });

  it('lists UTBMS codes and routes timekeepers, timers and expenses to timekeeping', async () => {
    const codes = await api.GET('/v1/utbms-codes', { params: { query: { set: 'activity' } } });
    expect(codes.response.status).toBe(200);
    expect(JSON.stringify(codes.data)).toContain('A104');
    expect((await api.GET('/v1/timekeepers')).response.status).toBe(200);
    expect((await api.GET('/v1/timers')).response.status).toBe(200);
    expect((await api.GET('/v1/expenses')).response.status).toBe(200);
    expect((await api.GET('/v1/leads')).response.status).toBe(200);
  });
});
