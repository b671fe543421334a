/**
 * Firm-registered timekeeper classifications against real PostgreSQL and the broker: registered
 * codes are given to timekeepers, carried on their entries and on the events billing reads, each
 * beside the LEDES code it reports as.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  eventually,
  newCaller,
  parseJsonMessage,
  publishMatter,
  serviceClient,
  serviceTestEnv,
  testKafka,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { TimekeepingConfig } from '../config';

interface EntryEvent {
  type: string;
  firmId: string;
  data: { timeEntryId: string; classification?: string; ledesClassification?: string };
}

describe('Timekeeper classifications', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let consumer: Consumer;
  const events: EntryEvent[] = [];

  beforeAll(async () => {
    const config = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    app = await bootService('timekeeping', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
    consumer = testKafka().consumer({
      groupId: `tk-classifications-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.timeEntry.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parseJsonMessage<EntryEvent>(message.value);
        if (event) events.push(event);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await app?.close();
  });

  it('lists the six LEDES codes for every firm, built in and not editable', async () => {
    const admin = newCaller();
    const list = await serviceClient(app).as(admin).get('/v1/timekeeper-classifications');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { code: string }) => item.code)).toEqual([
      'PT',
      'AS',
      'OC',
      'PL',
      'LA',
      'OT',
    ]);
    expect(list.body.items[0]).toEqual({
      code: 'PT',
      label: 'Partner',
      description: null,
      ledesCode: 'PT',
      builtIn: true,
      active: true,
    });

    const edit = await serviceClient(app)
      .as(admin)
      .patch('/v1/timekeeper-classifications/PT', { label: 'Boss' });
    expect(edit.status).toBe(422);
    expect(edit.body.code).toBe('classification_built_in');
    const shadow = await serviceClient(app).as(admin).post('/v1/timekeeper-classifications', {
      code: 'as',
      label: 'Another associate',
      ledesCode: 'AS',
    });
    expect(shadow.status).toBe(422);
    expect(shadow.body.code).toBe('classification_built_in');
    expect((await serviceClient(app).as(admin).get('/v1/timekeeper-classifications/pt')).body.label).toBe(
      'Partner',
    );
  });

  it("registers a firm's own code, gives it to a timekeeper, and carries it with its LEDES code onto entries and events", async () => {
    const admin = newCaller();
    const created = await serviceClient(app).as(admin).post('/v1/timekeeper-classifications', {
      code: ' srassc ',
      label: 'Senior Associate',
      ledesCode: 'AS',
      description: 'Associates in their sixth year and later',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      code: 'SRASSC',
      label: 'Senior Associate',
      description: 'Associates in their sixth year and later',
      ledesCode: 'AS',
      builtIn: false,
      active: true,
    });
    const again = await serviceClient(app).as(admin).post('/v1/timekeeper-classifications', {
      code: 'SRASSC',
      label: 'Twice',
      ledesCode: 'PT',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('classification_taken');

    const keeper = await serviceClient(app).as(admin).post('/v1/timekeepers', {
      name: 'Ada Lovelace',
      classification: 'srassc',
      userId: admin.subject,
    });
    expect(keeper.status).toBe(201);
    expect(keeper.body).toMatchObject({ classification: 'SRASSC', ledesClassification: 'AS' });

    const matterId = await publishMatter(producer, admin.firmId);
    const entry = await eventually(async () => {
      const response = await serviceClient(app).as(admin).post('/v1/time-entries', {
        matterId,
        workDate: '2026-11-20',
        minutes: 42,
        narrative: 'Drafted motion to compel',
      });
      return response.status === 201 ? response.body : undefined;
    });
    expect(entry).toMatchObject({ classification: 'SRASSC', ledesClassification: 'AS' });
    expect((await serviceClient(app).as(admin).post(`/v1/time-entries/${entry.id}/submit`)).status).toBe(200);

    const submitted = await eventually(async () =>
      events.find((event) => event.firmId === admin.firmId && event.data.timeEntryId === entry.id),
    );
    expect(submitted.type).toBe('timekeeping.time-entry.submitted');
    expect(submitted.data).toMatchObject({ classification: 'SRASSC', ledesClassification: 'AS' });

    // A reclassification applies from then on; the entry keeps what it was recorded with.
    const moved = await serviceClient(app)
      .as(admin)
      .patch(`/v1/timekeepers/${keeper.body.id}`, { classification: 'PT' });
    expect(moved.body).toMatchObject({ classification: 'PT', ledesClassification: 'PT' });
    expect((await serviceClient(app).as(admin).get(`/v1/time-entries/${entry.id}`)).body).toMatchObject({
      classification: 'SRASSC',
      ledesClassification: 'AS',
    });
  });

  it('retires a code: holders keep it, no one new gets it, reactivation brings it back', async () => {
    const admin = newCaller();
    await serviceClient(app).as(admin).post('/v1/timekeeper-classifications', {
      code: 'LIBRN',
      label: 'Librarian',
      ledesCode: 'OT',
    });
    const holder = await serviceClient(app).as(admin).post('/v1/timekeepers', {
      name: 'Melvil Dewey',
      classification: 'LIBRN',
    });
    expect(holder.status).toBe(201);

    const retired = await serviceClient(app)
      .as(admin)
      .patch('/v1/timekeeper-classifications/LIBRN', { active: false });
    expect(retired.status).toBe(200);
    expect(retired.body.active).toBe(false);
    expect(
      (await serviceClient(app).as(admin).get('/v1/timekeeper-classifications?active=false')).body.items.map(
        (item: { code: string }) => item.code,
      ),
    ).toEqual(['LIBRN']);

    const newcomer = await serviceClient(app).as(admin).post('/v1/timekeepers', {
      name: 'S. R. Ranganathan',
      classification: 'LIBRN',
    });
    expect(newcomer.status).toBe(422);
    expect(newcomer.body.code).toBe('classification_retired');
    expect(newcomer.body.errors).toEqual([expect.objectContaining({ field: 'classification' })]);
    // The holder keeps it through an unrelated edit.
    const renamed = await serviceClient(app)
      .as(admin)
      .patch(`/v1/timekeepers/${holder.body.id}`, { name: 'M. Dewey' });
    expect(renamed.body).toMatchObject({
      name: 'M. Dewey',
      classification: 'LIBRN',
      ledesClassification: 'OT',
    });

    expect(
      (await serviceClient(app).as(admin).patch('/v1/timekeeper-classifications/LIBRN', { active: true }))
        .body.active,
    ).toBe(true);
    expect(
      (
        await serviceClient(app)
          .as(admin)
          .post('/v1/timekeepers', { name: 'S. R. Ranganathan', classification: 'LIBRN' })
      ).status,
    ).toBe(201);
  });

  it('refuses bad input with field-level errors and changes nothing', async () => {
    const admin = newCaller();
    const cases: Array<[object, string]> = [
      [{ code: 'X', label: 'Too short', ledesCode: 'OT' }, 'code'],
      [{ code: 'TOOLONGX', label: 'Too long', ledesCode: 'OT' }, 'code'],
      [{ code: '9LIVES', label: 'Digit first', ledesCode: 'OT' }, 'code'],
      [{ code: 'TRAINE', label: '   ', ledesCode: 'OT' }, 'label'],
      [{ code: 'TRAINE', label: 'Trainee', ledesCode: 'XX' }, 'ledesCode'],
    ];
    for (const [payload, field] of cases) {
      const response = await serviceClient(app).as(admin).post('/v1/timekeeper-classifications', payload);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const created = await serviceClient(app).as(admin).post('/v1/timekeeper-classifications', {
      code: 'TRAINE',
      label: 'Trainee',
      ledesCode: 'OT',
    });
    expect(created.status).toBe(201);
    const remap = await serviceClient(app)
      .as(admin)
      .patch('/v1/timekeeper-classifications/TRAINE', { ledesCode: 'AS' });
    expect(remap.status).toBe(400);
    expect(remap.body.errors).toEqual([expect.objectContaining({ field: 'ledesCode' })]);
    expect(
      (await serviceClient(app).as(admin).get('/v1/timekeeper-classifications/TRAINE')).body.ledesCode,
    ).toBe('OT');

    const unknown = await serviceClient(app)
      .as(admin)
      .post('/v1/timekeepers', { name: 'Nobody', classification: 'ZZTOP' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('classification_unknown');
    const malformed = await serviceClient(app).as(admin).post('/v1/timekeepers', {
      name: 'Nobody',
      classification: 'pt-1',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'classification' })]);
    expect((await serviceClient(app).as(admin).get('/v1/timekeepers')).body.items).toEqual([]);
  });

  it('registers a list of codes in one call, all or nothing, and a rerun changes nothing', async () => {
    const admin = newCaller();
    const list = [
      { code: 'SRPART', label: 'Senior Partner', ledesCode: 'PT' },
      { code: 'JRASSC', label: 'Junior Associate', ledesCode: 'AS' },
      { code: 'LITSUP', label: 'Litigation Support', ledesCode: 'OT', description: 'e-discovery staff' },
    ];
    const first = await serviceClient(app)
      .as(admin)
      .post('/v1/timekeeper-classifications/bulk-register', { items: list });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ created: ['SRPART', 'JRASSC', 'LITSUP'], updated: [], unchanged: [] });
    const rerun = await serviceClient(app)
      .as(admin)
      .post('/v1/timekeeper-classifications/bulk-register', {
        items: [
          ...list.slice(0, 2),
          { ...list[2], label: 'Litigation Support Specialist' },
          { code: 'TRNEE', label: 'Trainee', ledesCode: 'OT' },
        ],
      });
    expect(rerun.body).toEqual({ created: ['TRNEE'], updated: ['LITSUP'], unchanged: ['SRPART', 'JRASSC'] });
    expect((await serviceClient(app).as(admin).get('/v1/timekeeper-classifications/LITSUP')).body.label).toBe(
      'Litigation Support Specialist',
    );

    // A remapped code, a built-in one and a duplicate refuse the whole list, naming each item.
    const refused = await serviceClient(app)
      .as(admin)
      .post('/v1/timekeeper-classifications/bulk-register', {
        items: [
          { code: 'NEWONE', label: 'Would be new', ledesCode: 'OT' },
          { code: 'SRPART', label: 'Senior Partner', ledesCode: 'OC' },
          { code: 'PL', label: 'Paralegal again', ledesCode: 'PL' },
          { code: 'NEWONE', label: 'Twice', ledesCode: 'OT' },
        ],
      });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('classification_bulk_refused');
    expect(refused.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'items.2.code',
      'items.3.code',
    ]);
    const remapped = await serviceClient(app)
      .as(admin)
      .post('/v1/timekeeper-classifications/bulk-register', {
        items: [
          { code: 'NEWONE', label: 'Would be new', ledesCode: 'OT' },
          { code: 'SRPART', label: 'Senior Partner', ledesCode: 'OC' },
        ],
      });
    expect(remapped.status).toBe(422);
    expect(remapped.body.errors).toEqual([expect.objectContaining({ field: 'items.1.ledesCode' })]);
    expect((await serviceClient(app).as(admin).get('/v1/timekeeper-classifications/NEWONE')).status).toBe(
      404,
    );

    const malformed = await serviceClient(app)
      .as(admin)
      .post('/v1/timekeeper-classifications/bulk-register', {
        items: [
          { code: 'OK1', label: 'Fine', ledesCode: 'OT' },
          { code: 'bad code', label: 'x', ledesCode: 'OT' },
        ],
      });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toMatch(/^items\.1\.code$/);
    expect(
      (await serviceClient(app).as(admin).post('/v1/timekeeper-classifications/bulk-register', { items: [] }))
        .status,
    ).toBe(400);
    expect(
      (await serviceClient(app).as(admin).get('/v1/timekeeper-classifications')).body.items,
    ).toHaveLength(10);
  });

  it('keeps firms apart and leaves registering to firm admins', async () => {
    const firmA = newCaller();
    const firmB = newCaller();
    await serviceClient(app).as(firmA).post('/v1/timekeeper-classifications', {
      code: 'ASSOC2',
      label: 'Associate II',
      ledesCode: 'AS',
    });

    expect((await serviceClient(app).as(firmB).get('/v1/timekeeper-classifications/ASSOC2')).status).toBe(
      404,
    );
    expect(
      (await serviceClient(app).as(firmB).get('/v1/timekeeper-classifications')).body.items,
    ).toHaveLength(6);
    const borrowed = await serviceClient(app).as(firmB).post('/v1/timekeepers', {
      name: 'Borrower',
      classification: 'ASSOC2',
    });
    expect(borrowed.body.code).toBe('classification_unknown');
    // Firm B may register the same code for itself.
    expect(
      (
        await serviceClient(app).as(firmB).post('/v1/timekeeper-classifications', {
          code: 'ASSOC2',
          label: 'Ours',
          ledesCode: 'AS',
        })
      ).status,
    ).toBe(201);

    const paralegal = colleagueOf(firmA, ['paralegal']);
    expect(
      (
        await serviceClient(app).as(paralegal).post('/v1/timekeeper-classifications', {
          code: 'PARA2',
          label: 'P',
          ledesCode: 'PL',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await serviceClient(app)
          .as(paralegal)
          .patch('/v1/timekeeper-classifications/ASSOC2', { active: false })
      ).status,
    ).toBe(403);
    expect(
      (await serviceClient(app).as(paralegal).get('/v1/timekeeper-classifications')).body.items,
    ).toHaveLength(7);
    expect((await serviceClient(app).as(firmA).get('/v1/timekeeper-classifications/not-a-code')).status).toBe(
      404,
    );
  });
});
