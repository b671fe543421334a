/** Rate rules against real PostgreSQL: create, list, end; duplicates and races; firm isolation; bad input. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';

describe('Rate rules', () => {
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

  const base = { currency: 'USD', effectiveFrom: '2026-01-01' };

  it('creates, lists by what is in effect, and ends a rule; another firm sees none of it', async () => {
    const caller = newCaller({ roles: ['billing'] });
    const call = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const current = await call.post('/v1/rate-rules', {
      ...base,
      scope: 'matter',
      matterId,
      rateMinor: 40000,
    });
    expect(current.status).toBe(201);
    expect(current.body).toMatchObject({ scope: 'matter', matterId, rateMinor: 40000, effectiveTo: null });
    const scheduled = await call.post('/v1/rate-rules', {
      ...base,
      scope: 'matter',
      matterId,
      rateMinor: 45000,
      effectiveFrom: '2027-01-01',
    });
    expect(scheduled.status).toBe(201);
    const ended = await call.post(`/v1/rate-rules/${current.body.id}/end`, { lastDay: '2026-12-31' });
    expect(ended.body).toMatchObject({ effectiveTo: '2026-12-31' });
    const endedAgain = await call.post(`/v1/rate-rules/${current.body.id}/end`, { lastDay: '2027-06-30' });
    expect(endedAgain.status).toBe(409);
    expect(endedAgain.body.code).toBe('rate_rule_already_ended');

    const inEffect = async (day: string) =>
      (await call.get(`/v1/rate-rules?activeOn=${day}`)).body.items.map((rule: { id: string }) => rule.id);
    expect(await inEffect('2026-06-01')).toEqual([current.body.id]);
    expect(await inEffect('2027-06-01')).toEqual([scheduled.body.id]);
    const paged = await call.get('/v1/rate-rules?limit=1');
    expect(paged.body.items).toHaveLength(1);
    expect(
      (await call.get(`/v1/rate-rules?limit=1&cursor=${paged.body.nextCursor}`)).body.items,
    ).toHaveLength(1);

    const other = serviceClient(app).as(newCaller());
    expect((await other.get('/v1/rate-rules')).body.items).toEqual([]);
    expect(
      (await other.post(`/v1/rate-rules/${scheduled.body.id}/end`, { lastDay: '2027-02-01' })).status,
    ).toBe(404);
    expect((await call.get('/v1/rate-rules?activeOn=2027-03-01')).body.items[0].effectiveTo).toBeNull();
  });

  it('creates one rule when twenty identical requests race, and answers the rest 409', async () => {
    const call = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    const body = { ...base, scope: 'timekeeper', timekeeperId: 'keeper-1', rateMinor: 25000 };
    const answers = await Promise.all(Array.from({ length: 20 }, () => call.post('/v1/rate-rules', body)));
    expect(answers.filter((response) => response.status === 201)).toHaveLength(1);
    for (const refused of answers.filter((response) => response.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('rate_rule_exists');
    }
    expect((await call.get('/v1/rate-rules')).body.items).toHaveLength(1);
  });

  it('lets only billing and firm admins write rules', async () => {
    const attorney = serviceClient(app).as(newCaller({ roles: ['attorney'] }));
    const response = await attorney.post('/v1/rate-rules', {
      ...base,
      scope: 'timekeeper',
      timekeeperId: 'k',
      rateMinor: 1,
    });
    expect(response.status).toBe(403);
    expect((await attorney.get('/v1/rate-rules')).status).toBe(200);
  });

  it('refuses bad input with 400 problem+json naming the field, and creates nothing', async () => {
    const call = serviceClient(app).as(newCaller({ roles: ['billing'] }));
    const keeper = { ...base, scope: 'timekeeper', timekeeperId: 'keeper-1', rateMinor: 25000 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...keeper, rateMinor: null }, 'rateMinor'],
      [{ ...keeper, rateMinor: 250.5 }, 'rateMinor'],
      [{ ...keeper, rateMinor: '25000' }, 'rateMinor'],
      [{ ...keeper, currency: 'XXX' }, 'currency'],
      [{ ...keeper, scope: 'partner' }, 'scope'],
      [{ ...keeper, timekeeperId: null }, 'timekeeperId'],
      [{ ...keeper, timekeeperId: 'a\u0000b' }, 'timekeeperId'],
      [{ ...keeper, timekeeperId: undefined }, 'timekeeperId'],
      [{ ...keeper, matterId: '00000000-0000-4000-8000-000000000001' }, 'matterId'],
      [{ ...keeper, effectiveFrom: '2026-13-01' }, 'effectiveFrom'],
      [{ ...keeper, effectiveTo: '2025-12-31' }, 'effectiveTo'],
      [{ ...keeper, scope: 'activity', timekeeperId: undefined, activityCode: 'L110' }, 'activityCode'],
      [{ ...keeper, timekeeperId: { id: 'k' } }, 'timekeeperId'],
    ];
    for (const [body, field] of cases) {
      const response = await call.post('/v1/rate-rules', body);
      expect(response.status).toBe(400);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    expect((await call.get('/v1/rate-rules?cursor=forged')).status).toBe(400);
    expect((await call.post('/v1/rate-rules/not-a-uuid/end', { lastDay: '2026-01-01' })).status).toBe(404);
    expect((await call.get('/v1/rate-rules')).body.items).toEqual([]);
  });
});
