import Fastify from 'fastify';
import { answerFrameworkError, MAX_PATH_PARAM_LENGTH } from './framework-errors';

describe('answerFrameworkError', () => {
  const app = Fastify({
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
  });
  app.get('/v1/clients/:id', async () => ({ found: true }));

  afterAll(async () => {
    await app.close();
  });

  it('answers a path parameter over the limit with 414 problem+json that does not echo the path', async () => {
    const segment = 'x'.repeat(MAX_PATH_PARAM_LENGTH + 200);
    const response = await app.inject({ url: `/v1/clients/${segment}` });

    expect(response.statusCode).toBe(414);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 414, code: 'uri_too_long', title: 'URI Too Long' });
    expect(response.json()).not.toHaveProperty('instance');
    expect(response.body).not.toContain(segment);
  });

  it('answers broken percent-encoding with 400 problem+json that does not echo the path', async () => {
    const response = await app.inject({ url: '/v1/clients/boom%E0%A4%A' });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, code: 'bad_url' });
    expect(response.body).not.toContain('boom');
  });

  it('still matches a parameter at the limit', async () => {
    const response = await app.inject({ url: `/v1/clients/${'x'.repeat(MAX_PATH_PARAM_LENGTH)}` });

    expect(response.statusCode).toBe(200);
  });
});
