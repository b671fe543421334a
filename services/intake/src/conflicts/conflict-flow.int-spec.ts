/**
 * The matter-opening flow with conflict checks, against real PostgreSQL and the broker:
 * no hits opens at once; hits hold the matter pending until an attorney signs off.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  eventually,
  newCaller,
  parseJsonMessage,
  serviceClient,
  serviceTestEnv,
  testKafka,
  type CallerClient,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { IntakeConfig } from '../config';

describe('Opening matters through the conflict check', () => {
  let app: NestFastifyApplication;
  let consumer: Consumer;
  const events: Array<{ type: string; firmId: string; data: { matterId: string; status: string } }> = [];

  beforeAll(async () => {
    const config = loadConfig(IntakeConfig, serviceTestEnv('intake'));
    app = await bootService('intake', (logger) => AppModule.register(config, logger));
    consumer = testKafka().consumer({
      groupId: `conflict-flow-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.intakeMatter.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parseJsonMessage<(typeof events)[number]>(message.value);
        if (event) events.push(event);
      },
    });
  });

  /** Attorneys of a new firm unless `caller` says otherwise. */
  function intakeAs(caller = newCaller({ roles: ['firm-admin', 'attorney'] })): CallerClient {
    return serviceClient(app).as(caller);
  }

  afterAll(async () => {
    await consumer?.disconnect();
    await app?.close();
  });

  it('opens a matter at once when nothing conflicts, recording an automatic clearance', async () => {
    const call = intakeAs();
    const client = (await call.post('/v1/clients', { kind: 'company', name: 'Initech LLC' })).body;
    const matter = await call.post('/v1/matters', {
      clientId: client.id,
      title: 'Initech lease',
      parties: [{ role: 'adverse-party', name: 'Hooli Inc', kind: 'company' }],
    });
    expect(matter.status).toBe(201);
    expect(matter.body).toMatchObject({
      status: 'open',
      conflictCheck: { status: 'cleared-automatically', hitCount: 0 },
    });
    const history = (await call.get(`/v1/matters/${matter.body.id}/conflict-checks`)).body;
    expect(history).toHaveLength(1);
    expect(history[0].signOff).toMatchObject({ decision: 'auto-cleared', signedBy: 'system' });
  });

  it('holds a matter pending on a hit, and opens it once an attorney clears the check', async () => {
    const call = intakeAs();
    const firmId = call.caller.firmId;
    const acme = (await call.post('/v1/clients', { kind: 'company', name: 'Acme Corporation' })).body;
    const first = await call.post('/v1/matters', {
      clientId: acme.id,
      title: 'Acme v. Globex',
      parties: [{ role: 'adverse-party', name: 'Globex Corporation', kind: 'company' }],
    });
    expect(first.body.status).toBe('open');

    // Globex now wants to hire the firm: it was adverse to a client.
    const globex = (await call.post('/v1/clients', { kind: 'company', name: 'GLOBEX CORP.' })).body;
    const second = await call.post('/v1/matters', {
      clientId: globex.id,
      title: 'Globex general counsel work',
    });
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('pending');
    expect(second.body.conflictCheck.status).toBe('awaiting-sign-off');
    const check = (await call.get(`/v1/conflict-checks/${second.body.conflictCheck.id}`)).body;
    const hit = check.hits.find(
      (candidate: { record: { type: string } }) => candidate.record.type === 'entity',
    );
    expect(hit).toMatchObject({ rule: 'normalized', score: 1, record: { name: 'Globex Corporation' } });
    expect(hit.matters).toEqual([
      expect.objectContaining({ matterId: first.body.id, role: 'adverse-party', number: first.body.number }),
    ]);

    // A paralegal cannot sign off; an attorney can.
    expect(
      (
        await intakeAs(colleagueOf(call.caller, ['paralegal'])).post(
          `/v1/conflict-checks/${check.id}/sign-off`,
          { decision: 'cleared' },
        )
      ).status,
    ).toBe(403);
    const waiverWithoutReference = await call.post(`/v1/conflict-checks/${check.id}/sign-off`, {
      decision: 'waived',
    });
    expect(waiverWithoutReference.status).toBe(400);
    expect(waiverWithoutReference.body.errors[0].field).toBe('waiverReference');
    const signed = await call.post(`/v1/conflict-checks/${check.id}/sign-off`, {
      decision: 'waived',
      waiverReference: 'W-2026-017',
      reason: 'Unrelated subject matter; informed consent from both',
    });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({
      status: 'waived',
      signOff: { decision: 'waived', waiverReference: 'W-2026-017' },
    });
    expect((await call.get(`/v1/matters/${second.body.id}`)).body.status).toBe('open');
    expect(
      (await call.post(`/v1/conflict-checks/${check.id}/sign-off`, { decision: 'cleared' })).status,
    ).toBe(409);

    const published = await eventually(async () =>
      events.filter((event) => event.firmId === firmId && event.data.matterId === second.body.id).length >= 2
        ? events
        : undefined,
    );
    const forSecond = published.filter(
      (event) => event.firmId === firmId && event.data.matterId === second.body.id,
    );
    expect(forSecond.map((event) => [event.type, event.data.status])).toEqual([
      ['intake.matter.updated', 'pending'],
      ['intake.matter.opened', 'open'],
    ]);
  });

  it('closes a matter whose check is declined, and refuses to reopen it', async () => {
    const call = intakeAs();
    const smith = (await call.post('/v1/clients', { kind: 'person', name: 'Robert Smith' })).body;
    await call.post('/v1/matters', {
      clientId: smith.id,
      title: 'Smith divorce',
      parties: [{ role: 'adverse-party', name: 'Mary Smith', kind: 'person' }],
    });
    const mary = (await call.post('/v1/clients', { kind: 'person', name: 'Smith, Mary' })).body;
    const pending = (await call.post('/v1/matters', { clientId: mary.id, title: 'Mary Smith estate plan' }))
      .body;
    expect(pending.status).toBe('pending');
    expect(
      (await call.post(`/v1/conflict-checks/${pending.conflictCheck.id}/sign-off`, { decision: 'declined' }))
        .body.errors[0].field,
    ).toBe('reason');
    const declined = await call.post(`/v1/conflict-checks/${pending.conflictCheck.id}/sign-off`, {
      decision: 'declined',
      reason: 'Directly adverse to a current client',
    });
    expect(declined.body.status).toBe('declined');
    const matter = (await call.get(`/v1/matters/${pending.id}`)).body;
    expect(matter).toMatchObject({ status: 'closed', closureReason: 'conflict-declined' });
    expect((await call.post(`/v1/matters/${pending.id}/reopen`)).status).toBe(409);
  });

  it("finds a nickname and a reordered name, and never another firm's records", async () => {
    const firmA = intakeAs();
    const firmB = intakeAs();
    await firmA.post('/v1/clients', {
      kind: 'person',
      name: 'William Johnson',
      alternateNames: [{ name: 'W. J. Johnson', type: 'aka' }],
    });
    const check = (
      await firmA.post('/v1/conflict-checks', {
        names: [{ name: 'Johnson, Bill', kind: 'person' }],
        purpose: 'lateral-hire',
      })
    ).body;
    expect(check.hits[0]).toMatchObject({ rule: 'nickname', record: { name: 'William Johnson' } });
    expect(check.matterId).toBeNull();
    const other = (
      await firmB.post('/v1/conflict-checks', { names: [{ name: 'William Johnson', kind: 'person' }] })
    ).body;
    expect(other.hits).toEqual([]);
    expect(other.status).toBe('cleared-automatically');
  });

  it('refuses a contingent fee in a family-law matter and creates nothing', async () => {
    const call = intakeAs();
    const client = (await call.post('/v1/clients', { kind: 'person', name: 'Pat Doe' })).body;
    const refused = await call.post('/v1/matters', {
      clientId: client.id,
      title: 'Doe divorce',
      practiceArea: 'family-law',
      feeArrangement: {
        type: 'contingency',
        contingency: { settlementPercent: 33, expensesDeducted: 'before-fee' },
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('feeArrangement.type');
    expect((await call.get(`/v1/matters?clientId=${client.id}`)).body.items).toEqual([]);
    const flat = await call.post('/v1/matters', {
      clientId: client.id,
      title: 'Doe divorce',
      practiceArea: 'family-law',
      feeArrangement: { type: 'flat', flatFee: { amountMinor: 350000, currency: 'USD' } },
    });
    expect(flat.status).toBe(201);
    expect((await call.get(`/v1/matters/${flat.body.id}/fee-arrangement`)).body).toMatchObject({
      type: 'flat',
      flatFee: { amountMinor: 350000 },
    });
  });

  it('closes and reopens a matter, publishing each change', async () => {
    const call = intakeAs();
    const firmId = call.caller.firmId;
    const client = (await call.post('/v1/clients', { kind: 'company', name: 'Vandelay Industries' })).body;
    const matter = (await call.post('/v1/matters', { clientId: client.id, title: 'Import contracts' })).body;
    expect((await call.post(`/v1/matters/${matter.id}/close`, { reason: 'Completed' })).body.status).toBe(
      'closed',
    );
    expect((await call.post(`/v1/matters/${matter.id}/close`, {})).status).toBe(409);
    expect((await call.post(`/v1/matters/${matter.id}/reopen`)).body.status).toBe('open');
    const types = await eventually(async () => {
      const mine = events.filter((event) => event.firmId === firmId).map((event) => event.type);
      return mine.length >= 3 ? mine : undefined;
    });
    expect(types).toEqual(['intake.matter.opened', 'intake.matter.closed', 'intake.matter.reopened']);
  });
});
