/** Leads against real PostgreSQL and the broker: pipeline, routing, stage rules, atomic conversion, conflict index, firm scoping. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { FirmRole } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  newCaller,
  newFirmId,
  serviceClient,
  serviceTestEnv,
  type CallerClient,
  type TestCaller,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { IntakeConfig } from '../config';

describe('Leads', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const config = loadConfig(IntakeConfig, serviceTestEnv('intake'));
    app = await bootService('intake', (logger) => AppModule.register(config, logger));
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The firm's caller (one person per firm across a test), or a colleague with other roles. */
  const callers = new Map<string, TestCaller>();
  function intakeAs(firmId: string, roles?: FirmRole[]): CallerClient {
    const caller = callers.get(firmId) ?? newCaller({ firmId });
    callers.set(firmId, caller);
    return serviceClient(app).as(roles ? colleagueOf(caller, roles) : caller);
  }

  /** What the firm's transactions put in the outbox: event types, and the action of each audit record. */
  async function outboxOf(firmId: string): Promise<string[]> {
    const rows: Array<{ type: string; action: string | null }> = await withTenant(
      app.get(DataSource),
      firmId,
      (manager) =>
        manager.query(
          `SELECT envelope->>'type' AS type, envelope->'data'->>'action' AS action FROM outbox ORDER BY created_at, id`,
        ),
    );
    return rows.map((row) => (row.action ? `${row.type}:${row.action}` : row.type));
  }

  async function newLead(firmId: string, input: object = {}) {
    const created = await intakeAs(firmId).post('/v1/leads', {
      kind: 'person',
      name: `Prospect ${randomUUID().slice(0, 8)}`,
      ...input,
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('records a lead at the first stage and routes it by practice area unless an attorney is named', async () => {
    const firm = newFirmId();
    const rule = await intakeAs(firm).put('/v1/lead-routing-rules/family-law', {
      responsibleAttorneyId: 'attorney-fam',
    });
    expect(rule.status).toBe(200);
    expect(rule.body).toMatchObject({ practiceArea: 'family-law', responsibleAttorneyId: 'attorney-fam' });

    const routed = await intakeAs(firm).post('/v1/leads', {
      kind: 'person',
      name: 'Jane Roe',
      email: 'jane@example.test',
      phone: '+1 212 555 0100',
      source: 'web-form',
      practiceArea: 'family-law',
      description: 'Divorce, two children',
      followUpDue: '2026-12-01',
    });
    expect(routed.status).toBe(201);
    expect(routed.body).toMatchObject({
      kind: 'person',
      name: 'Jane Roe',
      email: 'jane@example.test',
      phone: '+1 212 555 0100',
      source: 'web-form',
      practiceArea: 'family-law',
      stage: 'new',
      followUpDue: '2026-12-01',
      responsibleAttorneyId: 'attorney-fam',
      clientId: null,
      matterId: null,
      notHiredReason: null,
    });
    expect((await intakeAs(firm).get(`/v1/leads/${routed.body.id}`)).body).toEqual(routed.body);

    expect(
      (await newLead(firm, { practiceArea: 'family-law', responsibleAttorneyId: 'attorney-x' }))
        .responsibleAttorneyId,
    ).toBe('attorney-x');
    expect((await newLead(firm, { practiceArea: 'tax' })).responsibleAttorneyId).toBeNull();

    const changed = await intakeAs(firm).put('/v1/lead-routing-rules/family-law', {
      responsibleAttorneyId: 'attorney-new',
    });
    expect(changed.body.responsibleAttorneyId).toBe('attorney-new');
    await intakeAs(firm).put('/v1/lead-routing-rules/Estate%20Planning', {
      responsibleAttorneyId: 'attorney-est',
    });
    expect(
      (await intakeAs(firm).get('/v1/lead-routing-rules')).body.rules.map(
        (r: { practiceArea: string }) => r.practiceArea,
      ),
    ).toEqual(['Estate Planning', 'family-law']);
    expect((await newLead(firm, { practiceArea: 'Estate Planning' })).responsibleAttorneyId).toBe(
      'attorney-est',
    );

    expect((await intakeAs(firm).delete('/v1/lead-routing-rules/family-law')).status).toBe(204);
    expect((await newLead(firm, { practiceArea: 'family-law' })).responsibleAttorneyId).toBeNull();
    const again = await intakeAs(firm).delete('/v1/lead-routing-rules/family-law');
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('lead_routing_rule_not_found');
    expect(
      (await intakeAs(firm, ['attorney']).put('/v1/lead-routing-rules/tax', { responsibleAttorneyId: 'a' }))
        .status,
    ).toBe(403);
  });

  it('moves a lead through the stages and refuses what the rules forbid', async () => {
    const firm = newFirmId();
    const lead = await newLead(firm);

    const contacted = await intakeAs(firm).patch(`/v1/leads/${lead.id}`, {
      stage: 'contacted',
      followUpDue: '2026-12-05',
    });
    expect(contacted.status).toBe(200);
    expect(contacted.body).toMatchObject({ stage: 'contacted', followUpDue: '2026-12-05' });

    const unknown = await intakeAs(firm).patch(`/v1/leads/${lead.id}`, { stage: 'won' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.errors).toEqual([
      { field: 'stage', message: expect.stringContaining('consult-scheduled') },
    ]);

    const hired = await intakeAs(firm).patch(`/v1/leads/${lead.id}`, { stage: 'hired' });
    expect(hired.status).toBe(409);
    expect(hired.body.code).toBe('use_convert');

    const noReason = await intakeAs(firm).patch(`/v1/leads/${lead.id}`, {
      stage: 'not-hired',
      followUpDue: null,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'notHiredReason', message: expect.any(String) }]);
    expect((await intakeAs(firm).get(`/v1/leads/${lead.id}`)).body).toEqual(contacted.body);

    const notHired = await intakeAs(firm).patch(`/v1/leads/${lead.id}`, {
      stage: 'not-hired',
      notHiredReason: 'Retained another firm',
      followUpDue: null,
    });
    expect(notHired.status).toBe(200);
    expect(notHired.body).toMatchObject({
      stage: 'not-hired',
      notHiredReason: 'Retained another firm',
      followUpDue: null,
    });

    const reopened = await intakeAs(firm).patch(`/v1/leads/${lead.id}`, { stage: 'contacted' });
    expect(reopened.status).toBe(409);
    expect(reopened.body).toMatchObject({ code: 'lead_closed', stage: 'not-hired' });
    const convertClosed = await intakeAs(firm).post(`/v1/leads/${lead.id}/convert`, { title: 'Too late' });
    expect(convertClosed.status).toBe(409);
    expect(convertClosed.body.code).toBe('lead_closed');

    // Contact details of a closed lead may still be corrected.
    const corrected = await intakeAs(firm).patch(`/v1/leads/${lead.id}`, {
      phone: '+1 646 555 0199',
      notHiredReason: 'Fee too high',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({
      stage: 'not-hired',
      phone: '+1 646 555 0199',
      notHiredReason: 'Fee too high',
    });
  });

  it.each([
    ['an unknown kind', { kind: 'robot' }, 'kind'],
    ['an empty name', { name: '  ' }, 'name'],
    ['a date that does not exist', { followUpDue: '2026-02-30' }, 'followUpDue'],
    ['a bad e-mail', { email: 'not-an-email' }, 'email'],
    ['an unknown field', { stage: 'qualified' }, 'stage'],
  ])('refuses a lead with %s with 400 naming the field', async (_case, change, field) => {
    const firm = newFirmId();
    const refused = await intakeAs(firm).post('/v1/leads', { kind: 'company', name: 'Initech', ...change });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([{ field, message: expect.any(String) }]);
    expect((await intakeAs(firm).get('/v1/leads')).body.items).toEqual([]);
  });

  it('lists leads newest first, filtered by stage, attorney and follow-up date', async () => {
    const firm = newFirmId();
    const first = await newLead(firm, { responsibleAttorneyId: 'att-1', followUpDue: '2026-12-01' });
    const second = await newLead(firm, { responsibleAttorneyId: 'att-2', followUpDue: '2026-12-10' });
    const third = await newLead(firm, { responsibleAttorneyId: 'att-1' });
    await intakeAs(firm).patch(`/v1/leads/${second.id}`, { stage: 'qualified' });
    const ids = (response: { body: { items: Array<{ id: string }> } }) =>
      response.body.items.map((item) => item.id);

    const page1 = await intakeAs(firm).get('/v1/leads?limit=2');
    const page2 = await intakeAs(firm).get(`/v1/leads?limit=2&cursor=${page1.body.nextCursor}`);
    expect(ids(page1)).toEqual([third.id, second.id]);
    expect(ids(page2)).toEqual([first.id]);
    expect(page2.body.nextCursor).toBeNull();

    expect(ids(await intakeAs(firm).get('/v1/leads?stage=qualified'))).toEqual([second.id]);
    expect(ids(await intakeAs(firm).get('/v1/leads?responsibleAttorneyId=att-1'))).toEqual([
      third.id,
      first.id,
    ]);
    expect(ids(await intakeAs(firm).get('/v1/leads?followUpBefore=2026-12-10'))).toEqual([first.id]);
    expect(
      ids(await intakeAs(firm).get('/v1/leads?followUpBefore=2026-12-11&responsibleAttorneyId=att-2')),
    ).toEqual([second.id]);

    const bad = await intakeAs(firm).get('/v1/leads?followUpBefore=tomorrow');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('followUpBefore');
  });

  it('replaces the default stages with the firm’s own and refuses removing a stage leads are in', async () => {
    const firm = newFirmId();
    const defaults = await intakeAs(firm).get('/v1/lead-stages');
    expect(defaults.body.stages.map((stage: { key: string }) => stage.key)).toEqual([
      'new',
      'contacted',
      'qualified',
      'consult-scheduled',
      'hired',
      'not-hired',
    ]);
    const waiting = await newLead(firm);
    await intakeAs(firm).patch(`/v1/leads/${waiting.id}`, { stage: 'qualified' });

    const custom = [
      { key: 'inquiry', label: 'Inquiry' },
      { key: 'qualified', label: 'Qualified by intake' },
      { key: 'retained', label: 'Retained', outcome: 'hired' },
      { key: 'declined', label: 'Declined', outcome: 'not-hired' },
      { key: 'new', label: 'Legacy new' },
    ];
    const replaced = await intakeAs(firm).put('/v1/lead-stages', { stages: custom });
    expect(replaced.status).toBe(200);
    expect(replaced.body.stages).toEqual(custom.map((stage) => ({ outcome: null, ...stage })));
    expect((await intakeAs(firm).get('/v1/lead-stages')).body).toEqual(replaced.body);

    const lead = await newLead(firm);
    expect(lead.stage).toBe('inquiry');
    expect((await intakeAs(firm).patch(`/v1/leads/${lead.id}`, { stage: 'contacted' })).status).toBe(400);
    expect((await intakeAs(firm).patch(`/v1/leads/${lead.id}`, { stage: 'retained' })).body.code).toBe(
      'use_convert',
    );
    const declined = await intakeAs(firm).patch(`/v1/leads/${lead.id}`, {
      stage: 'declined',
      notHiredReason: 'Out of scope',
    });
    expect(declined.body.stage).toBe('declined');

    const dropQualified = await intakeAs(firm).put('/v1/lead-stages', {
      stages: custom.filter((stage) => stage.key !== 'qualified'),
    });
    expect(dropQualified.status).toBe(409);
    expect(dropQualified.body).toMatchObject({ code: 'lead_stage_in_use', stage: 'qualified', leadCount: 1 });
    expect((await intakeAs(firm).get('/v1/lead-stages')).body).toEqual(replaced.body);

    const twoHired = await intakeAs(firm).put('/v1/lead-stages', {
      stages: [
        { key: 'a', label: 'A' },
        { key: 'b', label: 'B', outcome: 'hired' },
        { key: 'c', label: 'C', outcome: 'hired' },
      ],
    });
    expect(twoHired.status).toBe(400);
    expect(twoHired.body.errors.map((error: { message: string }) => error.message)).toEqual([
      'exactly one stage must have outcome hired (found 2)',
      'exactly one stage must have outcome not-hired (found 0)',
    ]);
    const badKey = await intakeAs(firm).put('/v1/lead-stages', {
      stages: [...custom, { key: 'Not A Slug', label: 'X' }],
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors[0].field).toBe('stages.5.key');
    expect((await intakeAs(firm, ['attorney']).put('/v1/lead-stages', { stages: custom })).status).toBe(403);
  });

  it('converts a lead into a client and an open matter, once', async () => {
    const firm = newFirmId();
    const lead = await newLead(firm, {
      kind: 'company',
      name: `Umbrella Holdings ${randomUUID().slice(0, 6)}`,
      email: 'legal@umbrella.test',
      phone: '+1 212 555 0111',
      practiceArea: 'commercial-litigation',
      responsibleAttorneyId: 'att-lit',
    });

    const converted = await intakeAs(firm).post(`/v1/leads/${lead.id}/convert`, {
      title: 'Umbrella v. Initech',
      parties: [{ role: 'adverse-party', name: 'Initech LLC', kind: 'company' }],
      feeArrangement: { type: 'hourly' },
    });
    expect(converted.status).toBe(201);
    const { client, matter } = converted.body;
    expect(client).toMatchObject({ kind: 'company', name: lead.name, email: 'legal@umbrella.test' });
    expect(client.contacts).toEqual([
      { name: lead.name, email: 'legal@umbrella.test', phone: '+1 212 555 0111', role: null },
    ]);
    expect(matter).toMatchObject({
      clientId: client.id,
      title: 'Umbrella v. Initech',
      practiceArea: 'commercial-litigation',
      responsibleAttorneyId: 'att-lit',
      status: 'open',
      conflictCheck: { status: 'cleared-automatically', hitCount: 0 },
    });
    expect(converted.body.lead).toMatchObject({
      id: lead.id,
      stage: 'hired',
      clientId: client.id,
      matterId: matter.id,
    });
    expect((await intakeAs(firm).get(`/v1/leads/${lead.id}`)).body).toEqual(converted.body.lead);
    expect((await intakeAs(firm).get(`/v1/clients/${client.id}`)).status).toBe(200);
    expect((await intakeAs(firm).get(`/v1/matters/${matter.id}`)).body.status).toBe('open');
    expect((await intakeAs(firm).get(`/v1/matters/${matter.id}/fee-arrangement`)).body.type).toBe('hourly');

    const twice = await intakeAs(firm).post(`/v1/leads/${lead.id}/convert`, { title: 'Again' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      code: 'lead_already_converted',
      clientId: client.id,
      matterId: matter.id,
    });
    expect((await intakeAs(firm).patch(`/v1/leads/${lead.id}`, { stage: 'qualified' })).body.code).toBe(
      'lead_closed',
    );
    expect((await intakeAs(firm).get('/v1/clients')).body.items).toHaveLength(1);
    expect((await intakeAs(firm).get('/v1/matters')).body.items).toHaveLength(1);
    const outbox = await outboxOf(firm);
    expect(outbox).toEqual(
      expect.arrayContaining([
        'audit.recorded:lead.created',
        'intake.client.created',
        'audit.recorded:client.created',
        'intake.matter.opened',
        'audit.recorded:lead.converted',
      ]),
    );
    expect(outbox.filter((entry) => entry === 'audit.recorded:lead.converted')).toHaveLength(1);
  });

  it('converts into a pending matter when the conflict check finds an existing client of that name', async () => {
    const firm = newFirmId();
    const name = `Wayne Enterprises ${randomUUID().slice(0, 6)}`;
    await intakeAs(firm).post('/v1/clients', { kind: 'company', name });
    const lead = await newLead(firm, { kind: 'company', name });

    const converted = await intakeAs(firm).post(`/v1/leads/${lead.id}/convert`, {
      title: 'Acquisition',
      clientEmail: 'gc@wayne.test',
    });

    expect(converted.status).toBe(201);
    expect(converted.body.client.email).toBe('gc@wayne.test');
    expect(converted.body.matter).toMatchObject({
      status: 'pending',
      conflictCheck: { status: 'awaiting-sign-off', hitCount: 1 },
    });
    expect(converted.body.lead).toMatchObject({ stage: 'hired', matterId: converted.body.matter.id });
  });

  it('leaves nothing behind when the conversion is refused', async () => {
    const firm = newFirmId();
    const lead = await newLead(firm, {
      name: `Rosa Diaz ${randomUUID().slice(0, 6)}`,
      practiceArea: 'family-law',
    });
    const outboxBefore = await outboxOf(firm);

    const refused = await intakeAs(firm).post(`/v1/leads/${lead.id}/convert`, {
      title: 'Diaz divorce',
      parties: [{ role: 'adverse-party', name: 'Marco Diaz', kind: 'person' }],
      feeArrangement: {
        type: 'contingency',
        contingency: { settlementPercent: 33.33, expensesDeducted: 'after-fee' },
      },
    });

    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('contingency_fee_forbidden');
    expect((await intakeAs(firm).get('/v1/clients')).body.items).toEqual([]);
    expect((await intakeAs(firm).get('/v1/matters')).body.items).toEqual([]);
    expect((await intakeAs(firm).get(`/v1/leads/${lead.id}`)).body).toEqual(lead);
    expect(await outboxOf(firm)).toEqual(outboxBefore);
    const check = await intakeAs(firm).post('/v1/conflict-checks', {
      names: [{ name: lead.name }, { name: 'Marco Diaz' }],
    });
    expect(check.body.hits.map((hit: { record: { type: string; id: string } }) => hit.record)).toEqual([
      expect.objectContaining({ type: 'lead', id: lead.id }),
    ]);

    const retried = await intakeAs(firm).post(`/v1/leads/${lead.id}/convert`, {
      title: 'Diaz divorce',
      feeArrangement: { type: 'hourly' },
    });
    expect(retried.status).toBe(201);
    expect(retried.body.matter.status).toBe('open');
  });

  it("answers 404 for another firm's lead and changes nothing", async () => {
    const [firmA, firmB] = [newFirmId(), newFirmId()];
    const lead = await newLead(firmA);

    for (const refused of [
      await intakeAs(firmB).get(`/v1/leads/${lead.id}`),
      await intakeAs(firmB).patch(`/v1/leads/${lead.id}`, { stage: 'contacted' }),
      await intakeAs(firmB).post(`/v1/leads/${lead.id}/convert`, { title: 'Not ours' }),
    ]) {
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('lead_not_found');
    }
    expect((await intakeAs(firmB).get('/v1/leads')).body.items).toEqual([]);
    expect((await intakeAs(firmA).get(`/v1/leads/${lead.id}`)).body).toEqual(lead);
    expect((await intakeAs(firmA).get(`/v1/leads/${randomUUID()}`)).status).toBe(404);
    expect((await intakeAs(firmA).get('/v1/leads/not-a-uuid')).status).toBe(404);
  });

  it('lets a later conflict check find the lead, under its current name', async () => {
    const firm = newFirmId();
    const suffix = randomUUID().slice(0, 6);
    const lead = await newLead(firm, { kind: 'person', name: `Robert Paulson ${suffix}` });

    const check = await intakeAs(firm).post('/v1/conflict-checks', {
      names: [{ name: `Bob Paulson ${suffix}`, kind: 'person' }],
    });
    expect(check.status).toBe(201);
    expect(check.body.hits).toEqual([
      expect.objectContaining({
        record: expect.objectContaining({ type: 'lead', id: lead.id, name: lead.name }),
      }),
    ]);
    expect(
      (await intakeAs(newFirmId()).post('/v1/conflict-checks', { names: [{ name: lead.name }] })).body.hits,
    ).toEqual([]);

    await intakeAs(firm).patch(`/v1/leads/${lead.id}`, { name: `Tyler Durden ${suffix}` });
    const renamed = await intakeAs(firm).post('/v1/conflict-checks', {
      names: [{ name: `Tyler Durden ${suffix}` }],
    });
    expect(renamed.body.hits.map((hit: { record: { id: string } }) => hit.record.id)).toEqual([lead.id]);
    expect(
      (await intakeAs(firm).post('/v1/conflict-checks', { names: [{ name: lead.name }] })).body.hits,
    ).toEqual([]);
  });
});
