/** Intake against real PostgreSQL and the broker: matters get firm-unique numbers and their events leave through the outbox. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  createClient,
  createMatter,
  eventually,
  newCaller,
  parseJsonMessage,
  serviceClient,
  serviceTestEnv,
  testKafka,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { IntakeConfig } from './config';

describe('Intake service', () => {
  let app: NestFastifyApplication;
  let consumer: Consumer;
  const seen: Array<{ type: string; firmId: string; data: { matterId: string; number: string } }> = [];

  beforeAll(async () => {
    const config = loadConfig(IntakeConfig, serviceTestEnv('intake'));
    app = await bootService('intake', (logger) => AppModule.register(config, logger));
    consumer = testKafka().consumer({
      groupId: `intake-spec-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.intakeMatter.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parseJsonMessage<(typeof seen)[number]>(message.value);
        if (event) seen.push(event);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await app?.close();
  });

  it('numbers matters per firm without gaps and publishes intake.matter.opened', async () => {
    const [firmA, firmB] = [serviceClient(app).as(newCaller()), serviceClient(app).as(newCaller())];
    const clientA = await createClient(firmA, { kind: 'company', name: 'Acme' });
    const clientB = await createClient(firmB, { kind: 'person', name: 'Bea Jones' });
    const numbersA = [];
    for (let i = 0; i < 3; i += 1)
      numbersA.push((await createMatter(firmA, { clientId: clientA.id, title: `A${i}` })).number);
    const numberB = (await createMatter(firmB, { clientId: clientB.id, title: 'B0' })).number;
    const year = new Date().getUTCFullYear();
    expect(numbersA).toEqual([`${year}-0001`, `${year}-0002`, `${year}-0003`]);
    expect(numberB).toBe(`${year}-0001`);

    const published = await eventually(async () => {
      const mine = seen.filter(
        (event) => event.firmId === firmA.caller.firmId && event.type === 'intake.matter.opened',
      );
      return mine.length === 3 ? mine : undefined;
    });
    expect(published.map((event) => event.data.number).sort()).toEqual(numbersA);
  });

  it("refuses a matter for a client the firm does not have, and hides other firms' matters", async () => {
    const [firmA, firmB] = [serviceClient(app).as(newCaller()), serviceClient(app).as(newCaller())];
    const client = await createClient(firmA, { kind: 'company', name: 'Globex' });
    const refused = await firmB.post('/v1/matters', { clientId: client.id, title: 'Not yours' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('clientId');
    const matter = await createMatter(firmA, { clientId: client.id, title: 'Ours' });
    expect((await firmB.get(`/v1/matters/${matter.id}`)).status).toBe(404);
    expect((await firmA.get(`/v1/matters/${matter.id}`)).body.title).toBe('Ours');
  });

  it('refuses a request without a valid internal token', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/clients',
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
