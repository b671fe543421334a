/**
 * What the gateway answers to hostile bodies and paths (issue 10): a deeply nested JSON body is a
 * 400 problem+json (it was a false 503 "intake is not answering" when the gateway's own
 * JSON.stringify threw, and a 500 on the token endpoint), and an over-long path parameter is
 * problem+json that does not echo the path (it was Fastify's plain JSON 414 repeating it).
 */
import { Api, createFirm, startTestStack, type TestStack } from './support/test-stack';

/** `{"a":{"a":…{"a":1}…}}`, `levels` objects deep. */
function nested(levels: number): unknown {
  let body: unknown = 1;
  for (let level = 0; level < levels; level++) body = { a: body };
  return body;
}

describe('Gateway answers to hostile bodies and paths', () => {
  let env: TestStack;
  let api: Api;
  let anonymous: Api;

  beforeAll(async () => {
    env = await startTestStack();
    api = await Api.login(env.gatewayUrl, await createFirm());
    anonymous = new Api(env.gatewayUrl);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('refuses a 100-level nested body on a forwarded POST with 400 problem+json', async () => {
    const response = await api.call('POST', '/v1/clients', {
      kind: 'person',
      name: 'Deep',
      extra: nested(100),
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ message: expect.stringMatching(/is nested more than 32 levels deep$/) }],
    });
  });

  it('refuses a 100-level nested body on the token endpoint with 400 problem+json', async () => {
    const response = await anonymous.call('POST', '/v1/auth/token', {
      grant_type: 'password',
      username: 'someone@example.test',
      password: nested(100),
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'validation_failed' });
  });

  it('answers a 300-character path parameter on a forwarded GET with problem+json that does not echo it', async () => {
    const segment = 'x'.repeat(300);
    const response = await api.call('GET', `/v1/clients/${segment}`);

    expect(response.status).toBe(414);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 414, code: 'uri_too_long' });
    expect(JSON.stringify(response.body)).not.toContain(segment);
  });
});
