/**
 * What an anonymous caller can no longer read (issue 10): `/metrics` (consumer names, event counts,
 * routes) is served only on each process's separate metrics listener (METRICS_PORT), not on the API
 * listeners, and the admin gateway's OpenAPI document needs an operations token while the public
 * gateway's stays public.
 */
import { SERVICES } from '@lawfirm/contracts';
import { passwordToken } from './support/gateway-client';
import { Api, createFirm, opsLogin, startTestStack, type TestStack } from './support/test-stack';

describe('Metrics and the operations API document off the public listeners', () => {
  let env: TestStack;

  beforeAll(async () => {
    env = await startTestStack();
  });

  afterAll(async () => {
    await env?.stop();
  });

  it.each([['gateway'], ['admin-gateway']] as const)(
    'answers an anonymous GET /metrics on the %s API listener with 404 problem+json',
    async (service) => {
      const response = await new Api(env.stack.urls[service]).call('GET', '/metrics');

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(response.body)).not.toContain('events_consumed_total');
    },
  );

  it('does not serve /metrics on the API listener even to a firm admin', async () => {
    const api = await Api.login(env.gatewayUrl, await createFirm());

    expect((await api.call('GET', '/metrics')).status).toBe(404);
  });

  it('serves every process’s Prometheus metrics on its own metrics listener', async () => {
    for (const service of SERVICES) {
      const response = await fetch(`${env.stack.metricsUrls[service]}/metrics`);
      const text = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).toContain(`http_request_duration_seconds_bucket{`);
      expect(text).toContain(`service="${service}"`);
      expect(env.stack.metricsUrls[service]).not.toBe(env.stack.urls[service]);
    }
  });

  it('answers anything but GET /metrics on the metrics listener with 404', async () => {
    const response = await fetch(`${env.stack.metricsUrls.gateway}/openapi.json`);

    expect(response.status).toBe(404);
  });

  it('refuses the admin gateway’s /openapi.json without an operations token (401 problem+json)', async () => {
    const anonymous = await new Api(env.adminUrl).call('GET', '/openapi.json');
    const forged = await new Api(env.adminUrl, 'not-a-token').call('GET', '/openapi.json');

    for (const response of [anonymous, forged]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(response.body)).not.toContain('/admin/firms');
    }
  });

  it('refuses the admin gateway’s /openapi.json to a firm’s gateway token', async () => {
    const firm = await createFirm();
    const token = await passwordToken(env.gatewayUrl, firm.adminEmail, firm.password);

    const response = await new Api(env.adminUrl, token).call('GET', '/openapi.json');

    expect(response.status).toBe(401);
  });

  it('serves the admin gateway’s /openapi.json to an operations token', async () => {
    const ops = await opsLogin(env.adminUrl);

    const response = await ops.call('GET', '/openapi.json');

    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths as object)).toContain('/admin/firms/{firmId}/audit');
  });

  it('keeps the public gateway’s /openapi.json and /docs public', async () => {
    const anonymous = new Api(env.gatewayUrl);

    const document = await anonymous.call('GET', '/openapi.json');
    const docs = await fetch(`${env.gatewayUrl}/docs`);

    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths as object)).toContain('/v1/clients');
    expect(docs.status).toBe(200);
  });
});
