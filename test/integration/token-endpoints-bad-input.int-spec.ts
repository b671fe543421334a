/**
 * The gateways' public token endpoints refuse NUL characters and unpaired surrogates with 400
 * problem+json naming the field (they answered 500 when PostgreSQL saw them), in JSON and form bodies.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadSigningKey } from '@lawfirm/auth';
import { loadConfig } from '@lawfirm/platform';
import { bootService, serviceClient, serviceTestEnv, testKeys, type TestResponse } from '@lawfirm/testing';
import { AppModule as AdminGatewayModule } from '../../services/admin-gateway/src/app.module';
import { AdminGatewayConfig } from '../../services/admin-gateway/src/config';
import { AppModule as GatewayModule } from '../../services/gateway/src/app.module';
import { GatewayConfig } from '../../services/gateway/src/config';

const NOWHERE = 'http://127.0.0.1:9';

function expectFieldProblem(response: TestResponse, field: string, message: string): void {
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ field, message }] });
}

describe('Token endpoints with bad text', () => {
  let gateway: NestFastifyApplication;
  let adminGateway: NestFastifyApplication;

  beforeAll(async () => {
    const upstreams = Object.fromEntries(
      ['INTAKE', 'TIMEKEEPING', 'BILLING', 'DOCKET', 'DOCUMENT', 'ADMIN_GATEWAY'].map((name) => [
        `${name}_URL`,
        NOWHERE,
      ]),
    );
    const gatewayConfig = loadConfig(
      GatewayConfig,
      serviceTestEnv('gateway', { GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey, ...upstreams }),
    );
    const gatewayKey = await loadSigningKey(gatewayConfig.GATEWAY_SIGNING_KEY);
    gateway = await bootService('gateway', (logger) =>
      GatewayModule.register(gatewayConfig, logger, gatewayKey),
    );
    const adminConfig = loadConfig(
      AdminGatewayConfig,
      serviceTestEnv('admin-gateway', { ADMIN_SIGNING_KEY: testKeys().adminSigningKey }),
    );
    const adminKey = await loadSigningKey(adminConfig.ADMIN_SIGNING_KEY);
    adminGateway = await bootService('admin-gateway', (logger) =>
      AdminGatewayModule.register(adminConfig, logger, adminKey),
    );
  });

  afterAll(async () => {
    await adminGateway?.close();
    await gateway?.close();
  });

  it.each([
    ['/v1/auth/token', () => gateway],
    ['/admin/auth/token', () => adminGateway],
  ])('%s refuses a JSON username holding a NUL character', async (path, app) => {
    const response = await serviceClient(app()).anonymous().post(path, {
      grant_type: 'password',
      username: 'ops\u0000@platform.test',
      password: 'whatever',
    });

    expectFieldProblem(response, 'username', 'username must not contain NUL characters');
  });

  it.each([
    ['/v1/auth/token', () => gateway],
    ['/admin/auth/token', () => adminGateway],
  ])('%s refuses a JSON password holding a lone surrogate', async (path, app) => {
    const response = await serviceClient(app()).anonymous().post(path, {
      grant_type: 'password',
      username: 'ops@platform.test',
      password: 'pass\uD800word',
    });

    expectFieldProblem(response, 'password', 'password must not contain unpaired UTF-16 surrogates');
  });

  it('/v1/auth/token refuses a form-encoded client_id holding a NUL character', async () => {
    const response = await serviceClient(gateway)
      .anonymous()
      .post('/v1/auth/token', 'grant_type=client_credentials&client_id=abc%00&client_secret=s', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

    expectFieldProblem(response, 'client_id', 'client_id must not contain NUL characters');
  });
});
