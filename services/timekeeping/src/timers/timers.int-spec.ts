/** Timekeepers and timers against real PostgreSQL and the broker (the matter projection gates timers). */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@lawfirm/platform';
import {
  ALL_WRITING_ROLES,
  bootService,
  colleagueOf,
  publishMatterAndWait,
  newCaller,
  serviceClient,
  serviceTestEnv,
  type TestCaller,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { TimekeepingConfig } from '../config';

describe('Timekeepers and timers', () => {
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

  /** An open matter of the caller's firm that timekeeping's projection already knows. */
  const openMatter = (who: TestCaller): Promise<string> => publishMatterAndWait(app, producer, who.firmId);

  it('links a timekeeper to the caller, so their time entries carry its LEDES classification', async () => {
    const admin = newCaller();
    const matterId = await openMatter(admin);
    const created = await serviceClient(app).as(admin).post('/v1/timekeepers', {
      name: 'Grace Hopper',
      classification: 'PT',
      userId: admin.subject,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      classification: 'PT',
      userId: admin.subject,
      outsourced: false,
      active: true,
    });

    const entry = await serviceClient(app).as(admin).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-20',
      minutes: 30,
      narrative: 'Strategy memo',
    });
    expect(entry.status).toBe(201);
    expect(entry.body).toMatchObject({
      timekeeperId: created.body.id,
      classification: 'PT',
      outsourced: false,
    });

    const duplicate = await serviceClient(app).as(admin).post('/v1/timekeepers', {
      name: 'Grace again',
      classification: 'AS',
      userId: admin.subject,
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('timekeeper_user_taken');

    const reclassified = await serviceClient(app).as(admin).patch(`/v1/timekeepers/${created.body.id}`, {
      classification: 'OC',
    });
    expect(reclassified.body.classification).toBe('OC');
    const later = await serviceClient(app).as(admin).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-21',
      minutes: 12,
      narrative: 'Call',
    });
    expect(later.body.classification).toBe('OC');
    // Entries already recorded keep the classification they were recorded with.
    expect(
      (await serviceClient(app).as(admin).get(`/v1/time-entries/${entry.body.id}`)).body.classification,
    ).toBe('PT');

    const listed = await serviceClient(app).as(admin).get('/v1/timekeepers?active=true');
    expect(listed.body.items.map((k: { id: string }) => k.id)).toEqual([created.body.id]);
  });

  it('lets billing record for another timekeeper but refuses a paralegal (403) and an unknown or inactive timekeeper (422)', async () => {
    const admin = newCaller();
    const paralegal = colleagueOf(admin, ['paralegal']);
    const matterId = await openMatter(admin);
    const partner = (
      await serviceClient(app).as(admin).post('/v1/timekeepers', {
        name: 'Partner',
        classification: 'PT',
        userId: randomUUID(),
      })
    ).body;
    const entry = {
      matterId,
      workDate: '2026-11-20',
      minutes: 6,
      narrative: 'Reviewed draft',
      timekeeperId: partner.id,
    };

    expect((await serviceClient(app).as(admin).post('/v1/time-entries', entry)).body).toMatchObject({
      timekeeperId: partner.id,
      classification: 'PT',
    });
    const refused = await serviceClient(app).as(paralegal).post('/v1/time-entries', entry);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('timekeeper_not_yours');

    const unknown = await serviceClient(app)
      .as(admin)
      .post('/v1/time-entries', { ...entry, timekeeperId: randomUUID() });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'timekeeperId' })]);
    await serviceClient(app).as(admin).patch(`/v1/timekeepers/${partner.id}`, { active: false });
    const inactive = await serviceClient(app).as(admin).post('/v1/time-entries', entry);
    expect(inactive.status).toBe(422);
    expect(inactive.body.code).toBe('timekeeper_inactive');
  });

  it('refuses a second running timer (409 naming the running one) and turns pause, resume and stop into a draft entry', async () => {
    const lawyer = newCaller();
    const matterId = await openMatter(lawyer);
    await serviceClient(app).as(lawyer).post('/v1/timekeepers', {
      name: 'Associate',
      classification: 'AS',
      userId: lawyer.subject,
    });

    const first = await serviceClient(app).as(lawyer).post('/v1/timers', {
      matterId,
      narrative: 'Deposition prep',
      taskCode: 'L330',
      activityCode: 'A101',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'running', elapsedSeconds: 0 });

    const second = await serviceClient(app)
      .as(lawyer)
      .post('/v1/timers', { matterId, narrative: 'Something else' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'timer_already_running', runningTimerId: first.body.id });

    const paused = await serviceClient(app).as(lawyer).post(`/v1/timers/${first.body.id}/pause`);
    expect(paused.body.state).toBe('paused');
    const pausedAgain = await serviceClient(app).as(lawyer).post(`/v1/timers/${first.body.id}/pause`);
    expect(pausedAgain.status).toBe(409);
    expect(pausedAgain.body).toMatchObject({ code: 'invalid_transition', currentState: 'paused' });

    // With the first paused, another may run; resuming the first is then refused.
    const other = await serviceClient(app)
      .as(lawyer)
      .post('/v1/timers', { matterId, narrative: 'Quick call' });
    expect(other.status).toBe(201);
    const blocked = await serviceClient(app).as(lawyer).post(`/v1/timers/${first.body.id}/resume`);
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ code: 'timer_already_running', runningTimerId: other.body.id });
    expect((await serviceClient(app).as(lawyer).post(`/v1/timers/${other.body.id}/pause`)).status).toBe(200);

    expect((await serviceClient(app).as(lawyer).post(`/v1/timers/${first.body.id}/resume`)).body.state).toBe(
      'running',
    );
    const stopped = await serviceClient(app).as(lawyer).post(`/v1/timers/${first.body.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.timer).toMatchObject({ state: 'stopped', timeEntryId: stopped.body.timeEntry.id });
    expect(stopped.body.timeEntry).toMatchObject({
      status: 'draft',
      matterId,
      narrative: 'Deposition prep',
      classification: 'AS',
      taskCode: 'L330',
      activityCode: 'A101',
      billable: true,
    });
    expect(stopped.body.timeEntry.minutes).toBeGreaterThanOrEqual(1);
    expect(
      (await serviceClient(app).as(lawyer).get(`/v1/time-entries/${stopped.body.timeEntry.id}`)).body.status,
    ).toBe('draft');

    const stopAgain = await serviceClient(app).as(lawyer).post(`/v1/timers/${first.body.id}/stop`);
    expect(stopAgain.status).toBe(409);
    expect(stopAgain.body.currentState).toBe('stopped');

    const pausedList = await serviceClient(app).as(lawyer).get('/v1/timers?state=paused');
    expect(pausedList.body.items.map((t: { id: string }) => t.id)).toEqual([other.body.id]);
  });

  it('needs a narrative to stop a timer that has none, and leaves the timer running until given one', async () => {
    const lawyer = newCaller();
    const matterId = await openMatter(lawyer);
    expect(
      (await serviceClient(app).as(lawyer).post('/v1/timers', { matterId, taskCode: 'L999' })).body.errors,
    ).toEqual([expect.objectContaining({ field: 'taskCode' })]);
    const timer = (await serviceClient(app).as(lawyer).post('/v1/timers', { matterId })).body;

    const refused = await serviceClient(app).as(lawyer).post(`/v1/timers/${timer.id}/stop`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'narrative' })]);
    expect((await serviceClient(app).as(lawyer).get(`/v1/timers/${timer.id}`)).body.state).toBe('running');

    const stopped = await serviceClient(app).as(lawyer).post(`/v1/timers/${timer.id}/stop`, {
      narrative: 'Reviewed production',
      workDate: '2026-11-19',
    });
    expect(stopped.body.timeEntry).toMatchObject({
      narrative: 'Reviewed production',
      workDate: '2026-11-19',
      classification: null,
    });
  });

  it("answers 404 for a timer or timekeeper of another firm, and for a colleague's timer", async () => {
    const lawyer = newCaller();
    const matterId = await openMatter(lawyer);
    const timer = (
      await serviceClient(app).as(lawyer).post('/v1/timers', { matterId, narrative: 'Research' })
    ).body;
    const keeper = (
      await serviceClient(app).as(lawyer).post('/v1/timekeepers', { name: 'Someone', classification: 'LA' })
    ).body;
    const outsider = newCaller();

    for (const url of [`/v1/timers/${timer.id}`, `/v1/timekeepers/${keeper.id}`]) {
      const response = await serviceClient(app).as(outsider).get(url);
      expect(response.status).toBe(404);
    }
    expect((await serviceClient(app).as(outsider).post(`/v1/timers/${timer.id}/stop`)).status).toBe(404);
    expect(
      (await serviceClient(app).as(outsider).patch(`/v1/timekeepers/${keeper.id}`, { name: 'Hijacked' }))
        .status,
    ).toBe(404);
    expect((await serviceClient(app).as(outsider).get('/v1/timers')).body.items).toEqual([]);

    const colleague = colleagueOf(lawyer, ALL_WRITING_ROLES);
    expect((await serviceClient(app).as(colleague).post(`/v1/timers/${timer.id}/pause`)).status).toBe(404);
    expect((await serviceClient(app).as(lawyer).get(`/v1/timers/${timer.id}`)).body.state).toBe('running');
  });

  it("marks a vendor timekeeper's entries and timer entries as outsourced", async () => {
    const admin = newCaller();
    const vendorStaff = colleagueOf(admin, ['paralegal']);
    const matterId = await openMatter(admin);
    const keeper = await serviceClient(app).as(admin).post('/v1/timekeepers', {
      name: 'LPO Reviewer',
      classification: 'PL',
      userId: vendorStaff.subject,
      vendorId: randomUUID(),
    });
    expect(keeper.body.outsourced).toBe(true);

    const recordedForThem = await serviceClient(app).as(admin).post('/v1/time-entries', {
      matterId,
      workDate: '2026-11-20',
      minutes: 42,
      narrative: 'First-level document review',
      timekeeperId: keeper.body.id,
    });
    expect(recordedForThem.body).toMatchObject({
      timekeeperId: keeper.body.id,
      classification: 'PL',
      outsourced: true,
    });

    const timer = (
      await serviceClient(app).as(vendorStaff).post('/v1/timers', { matterId, narrative: 'Privilege log' })
    ).body;
    const stopped = await serviceClient(app).as(vendorStaff).post(`/v1/timers/${timer.id}/stop`);
    expect(stopped.body.timeEntry).toMatchObject({
      timekeeperId: keeper.body.id,
      classification: 'PL',
      outsourced: true,
    });
  });

  it('only lets a firm admin manage timekeepers', async () => {
    const attorney = newCaller({ roles: ['attorney'] });

    const refused = await serviceClient(app)
      .as(attorney)
      .post('/v1/timekeepers', { name: 'Nope', classification: 'AS' });
    expect(refused.status).toBe(403);
    const malformed = await serviceClient(app)
      .as(newCaller())
      .post('/v1/timekeepers', { name: 'Bad', classification: 'X' });
    expect(malformed.status).toBe(400);
    const unknown = await serviceClient(app)
      .as(newCaller())
      .post('/v1/timekeepers', { name: 'Bad', classification: 'XX' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('classification_unknown');
  });
});
