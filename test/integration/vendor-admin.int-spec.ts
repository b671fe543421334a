/**
 * Operations register partner vendors and manage their keys at the admin gateway (issue 16): the
 * admin gateway in-process calls a real listening gateway (which owns vendor organisations and keys)
 * over HTTP with its internal token, and the key it hands out works at that gateway until revoked.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { hashSecret, loadSigningKey } from '@lawfirm/auth';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testKeys,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule as GatewayModule } from '../../services/gateway/src/app.module';
import { GatewayConfig } from '../../services/gateway/src/config';
import { AppModule } from '../../services/admin-gateway/src/app.module';
import { AdminGatewayConfig } from '../../services/admin-gateway/src/config';

const NOWHERE = 'http://127.0.0.1:9';
const REASON = 'OPS-9120 onboarding a review vendor';
const OPS_PASSWORD = 'correct horse battery';

async function bootGateway(): Promise<NestFastifyApplication> {
  const upstreams = Object.fromEntries(
    ['INTAKE', 'TIMEKEEPING', 'BILLING', 'DOCKET', 'DOCUMENT', 'ADMIN_GATEWAY'].map((name) => [
      `${name}_URL`,
      NOWHERE,
    ]),
  );
  const config = loadConfig(
    GatewayConfig,
    serviceTestEnv('gateway', { GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey, ...upstreams }),
  );
  const key = await loadSigningKey(config.GATEWAY_SIGNING_KEY);
  return bootService('gateway', (logger) => GatewayModule.register(config, logger, key));
}

async function asOwner<T>(service: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabase(service).owner });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('Partner vendors administered by operations', () => {
  let admin: NestFastifyApplication;
  let gateway: NestFastifyApplication;
  let opsAdmin: string;
  let opsAuditor: string;

  beforeAll(async () => {
    gateway = await bootGateway();
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    const gatewayUrl = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;
    const config = loadConfig(
      AdminGatewayConfig,
      serviceTestEnv('admin-gateway', {
        ADMIN_SIGNING_KEY: testKeys().adminSigningKey,
        GATEWAY_URL: gatewayUrl,
      }),
    );
    const signingKey = await loadSigningKey(config.ADMIN_SIGNING_KEY);
    admin = await bootService('admin-gateway', (logger) => AppModule.register(config, logger, signingKey));
    [opsAdmin, opsAuditor] = await Promise.all([opsToken('ops-admin'), opsToken('ops-auditor')]);
  });

  afterAll(async () => {
    await Promise.all([admin?.close(), gateway?.close()]);
  });

  async function opsToken(role: 'ops-admin' | 'ops-auditor'): Promise<string> {
    const email = `vendors-${role}-${randomUUID()}@platform.test`;
    await asOwner('admin-gateway', async (owner) =>
      owner.query(
        `INSERT INTO ops_users (id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Operator', $3, $4)`,
        [randomUUID(), email, await hashSecret(OPS_PASSWORD), [role]],
      ),
    );
    const grant = await serviceClient(admin)
      .anonymous()
      .post('/admin/auth/token', { grant_type: 'password', username: email, password: OPS_PASSWORD });
    expect(grant.status).toBe(200);
    return grant.body.access_token as string;
  }

  function ops(
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    options: { token?: string; reason?: string | null } = {},
  ): Promise<TestResponse> {
    const reason = options.reason === undefined ? REASON : options.reason;
    return serviceClient(admin)
      .anonymous()
      .request(method, url, payload, {
        headers: {
          authorization: `Bearer ${options.token ?? opsAdmin}`,
          ...(reason !== null ? { 'x-access-reason': reason } : {}),
        },
      });
  }

  function exchange(key: string): Promise<TestResponse> {
    return serviceClient(gateway)
      .anonymous()
      .post('/v1/vendor/token', { grant_type: 'client_credentials', client_secret: key });
  }

  it('registers a vendor, issues a key that works at the gateway once shown, and revokes it at once', async () => {
    const name = `Review partners ${randomUUID().slice(0, 8)}`;
    const registered = await ops('POST', '/admin/vendors', { name });
    expect(registered.status).toBe(201);
    const vendorId = registered.body.id as string;
    const listed = await ops('GET', '/admin/vendors', undefined, { token: opsAuditor });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: vendorId, name })]),
    );
    expect((await ops('GET', `/admin/vendors/${vendorId}`)).body).toMatchObject({ id: vendorId, name });

    const issued = await ops('POST', `/admin/vendors/${vendorId}/keys`, {
      name: 'Production',
      scopes: ['work-orders:read'],
    });
    expect(issued.status).toBe(201);
    const key = issued.body.key as string;
    expect(key).toMatch(/^lfv_/);
    const keys = await ops('GET', `/admin/vendors/${vendorId}/keys`, undefined, { token: opsAuditor });
    expect(keys.body.items).toEqual([expect.objectContaining({ id: issued.body.id, revokedAt: null })]);
    expect(JSON.stringify(keys.body)).not.toContain(key);

    const token = await exchange(key);
    expect(token.status).toBe(200);
    const firms = await serviceClient(gateway)
      .anonymous()
      .get('/v1/vendor/firms', { headers: { authorization: `Bearer ${token.body.access_token as string}` } });
    expect(firms.status).toBe(200);

    const revoked = await ops('POST', `/admin/vendors/${vendorId}/keys/${issued.body.id as string}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await exchange(key)).status).toBe(401);
    const after = await serviceClient(gateway)
      .anonymous()
      .get('/v1/vendor/firms', { headers: { authorization: `Bearer ${token.body.access_token as string}` } });
    expect(after.status).toBe(401);
  });

  it('needs ops-admin and a reason to change anything, refuses bad input, and answers 404 for an unknown vendor', async () => {
    const tag = randomUUID();
    expect(
      (await ops('POST', '/admin/vendors', { name: `auditor ${tag}` }, { token: opsAuditor })).status,
    ).toBe(403);
    const unexplained = await ops('POST', '/admin/vendors', { name: `no reason ${tag}` }, { reason: null });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.errors).toEqual([expect.objectContaining({ field: 'X-Access-Reason' })]);
    for (const body of [
      { name: `nul\u0000 ${tag}` },
      { name: null },
      { name: '' },
      { name: `x ${tag}`, more: 1 },
    ]) {
      const response = await ops('POST', '/admin/vendors', body);
      expect(response.status).toBe(400);
    }
    expect(JSON.stringify((await ops('GET', '/admin/vendors')).body)).not.toContain(tag);
    expect((await ops('GET', `/admin/vendors/${randomUUID()}`)).status).toBe(404);
    const keyOfNobody = await ops('POST', `/admin/vendors/${randomUUID()}/keys`, {
      name: 'k',
      scopes: ['work-orders:read'],
    });
    expect(keyOfNobody.status).toBe(404);
    expect((await ops('GET', '/admin/vendors/not-a-uuid')).status).toBe(400);
    expect((await serviceClient(admin).anonymous().get('/admin/vendors')).status).toBe(401);
  });
});
