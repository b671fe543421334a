/**
 * Partner vendors (issue 16) at the gateway: operations register vendor organisations and issue their
 * API keys (through the admin gateway's internal calls), a key is exchanged for a vendor token, a
 * revoked key stops at once (new tokens and the tokens already issued), and firms connect and
 * disconnect vendors.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashSecret, InternalTokenMinter, loadSigningKey, newVendorKey, type OpsRole } from '@lawfirm/auth';
import { PLATFORM_FIRM_ID } from '@lawfirm/contracts';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testKeys,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { GatewayConfig } from '../config';
import { OPERATOR_TOKEN } from './operator-access.guard';

const NOWHERE = 'http://127.0.0.1:9';
const REASON = 'ticket OPS-4242: vendor onboarding';

async function bootGateway(): Promise<{ app: NestFastifyApplication; config: GatewayConfig }> {
  const upstreams = Object.fromEntries(
    ['INTAKE', 'TIMEKEEPING', 'BILLING', 'DOCKET', 'DOCUMENT', 'ADMIN_GATEWAY'].map((name) => [
      `${name}_URL`,
      NOWHERE,
    ]),
  );
  const config = loadConfig(
    GatewayConfig,
    serviceTestEnv('gateway', {
      GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey,
      SIGN_IN_SOURCE_MAX_FAILURES: '100000',
      ...upstreams,
    }),
  );
  const key = await loadSigningKey(config.GATEWAY_SIGNING_KEY);
  const app = await bootService('gateway', (logger) => AppModule.register(config, logger, key));
  return { app, config };
}

async function withOwner<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabase('gateway').owner });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface SeededAdmin {
  firmId: string;
  email: string;
  password: string;
}

/** A firm of its own with one user of these roles. */
async function seedFirm(roles: string[] = ['firm-admin']): Promise<SeededAdmin> {
  const firmId = randomUUID();
  const admin = {
    firmId,
    email: `v-${randomUUID().slice(0, 8)}@vendors.test`,
    password: `pw-${randomUUID()}`,
  };
  await withOwner(async (client) => {
    await client.query(`SELECT set_config('app.firm_id', $1, false)`, [firmId]);
    await client.query(`INSERT INTO firms (id, slug, name) VALUES ($1, $2, 'Vendor test firm')`, [
      firmId,
      `vendors-${firmId.slice(0, 8)}`,
    ]);
    await client.query(
      `INSERT INTO users (id, firm_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, 'User', $4, $5)`,
      [randomUUID(), firmId, admin.email, await hashSecret(admin.password), roles],
    );
  });
  return admin;
}

async function auditCount(action: string, resourceId: string, firmId: string): Promise<number> {
  return withOwner(async (client) => {
    await client.query(`SELECT set_config('app.scope', 'outbox-relay', false)`);
    const rows = await client.query<{ count: string }>(
      `SELECT count(*) FROM outbox WHERE envelope->'data'->>'action' = $1
          AND envelope->'data'->>'resourceId' = $2 AND envelope->>'firmId' = $3`,
      [action, resourceId, firmId],
    );
    return Number(rows.rows[0]?.count ?? 0);
  });
}

describe('Vendors at the gateway', () => {
  let app: NestFastifyApplication;
  let operatorTokens: InternalTokenMinter;

  beforeAll(async () => {
    const booted = await bootGateway();
    app = booted.app;
    operatorTokens = new InternalTokenMinter(
      booted.config.ADMIN_GATEWAY_INTERNAL_TOKEN_KEY,
      OPERATOR_TOKEN.issuer,
      OPERATOR_TOKEN.audience,
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** A call as the admin gateway makes it for an operator with these roles. */
  function asOperator(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    options: { roles?: OpsRole[]; reason?: string | null } = {},
  ): Promise<TestResponse> {
    const token = operatorTokens.mint(
      {
        firmId: PLATFORM_FIRM_ID,
        subject: randomUUID(),
        actorType: 'ops',
        roles: options.roles ?? ['ops-admin'],
        scopes: [],
      },
      { method, url },
    );
    const reason = options.reason === undefined ? REASON : options.reason;
    return serviceClient(app)
      .anonymous()
      .request(method, url, method === 'POST' ? (body ?? {}) : undefined, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(reason !== null ? { 'x-access-reason': reason } : {}),
        },
      });
  }

  async function registerVendor(name = `Review partners ${randomUUID().slice(0, 6)}`): Promise<string> {
    const response = await asOperator('POST', '/internal/vendors', { name });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function issueKey(vendorId: string, scopes = ['work-orders:read', 'work-orders:write']) {
    const response = await asOperator('POST', `/internal/vendors/${vendorId}/keys`, {
      name: 'Production',
      scopes,
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; key: string; hint: string };
  }

  function exchange(key: string): Promise<TestResponse> {
    return serviceClient(app)
      .anonymous()
      .post('/v1/vendor/token', { grant_type: 'client_credentials', client_secret: key });
  }

  async function vendorToken(key: string): Promise<string> {
    const response = await exchange(key);
    expect(response.status).toBe(200);
    return response.body.access_token as string;
  }

  function withBearer(token: string) {
    const client = serviceClient(app).anonymous();
    const headers = { authorization: `Bearer ${token}` };
    return {
      get: (url: string) => client.get(url, { headers }),
      post: (url: string, body: unknown) => client.post(url, body, { headers }),
      delete: (url: string) => client.delete(url, { headers }),
    };
  }

  async function signIn(user: SeededAdmin): Promise<string> {
    const response = await serviceClient(app)
      .anonymous()
      .post('/v1/auth/token', { grant_type: 'password', username: user.email, password: user.password });
    expect(response.status).toBe(200);
    return response.body.access_token as string;
  }

  describe('organisations and keys (operations)', () => {
    it('registers a vendor, lists it, and records the registration in the platform trail', async () => {
      const name = `Acme Review ${randomUUID().slice(0, 6)}`;
      const id = await registerVendor(name);
      const list = await asOperator('GET', '/internal/vendors', undefined, { roles: ['ops-auditor'] });
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id, name })]));
      expect(await auditCount('vendor.registered', id, PLATFORM_FIRM_ID)).toBe(1);
    });

    it('answers only the admin gateway: no token 401, a firm token 401, an auditor writing 403, no reason 400', async () => {
      const anonymous = await serviceClient(app).anonymous().post('/internal/vendors', { name: 'Nobody' });
      expect(anonymous.status).toBe(401);
      const firmAdmin = await signIn(await seedFirm());
      expect((await withBearer(firmAdmin).post('/internal/vendors', { name: 'Firm made' })).status).toBe(401);
      const auditor = await asOperator(
        'POST',
        '/internal/vendors',
        { name: 'Auditor made' },
        { roles: ['ops-auditor'] },
      );
      expect(auditor.status).toBe(403);
      const unexplained = await asOperator(
        'POST',
        '/internal/vendors',
        { name: 'No reason' },
        { reason: null },
      );
      expect(unexplained.status).toBe(400);
      expect(unexplained.body.errors).toEqual([expect.objectContaining({ field: 'X-Access-Reason' })]);
    });

    it('refuses bad input with a field-level 400 and registers nothing', async () => {
      const tag = randomUUID();
      for (const body of [
        { name: `nul\u0000byte ${tag}` },
        { name: `lone \ud800 surrogate ${tag}` },
        { name: null },
        { name: '   ' },
        { name: 7 },
        { name: `extra ${tag}`, extra: 1 },
      ]) {
        const response = await asOperator('POST', '/internal/vendors', body);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      const vendorId = await registerVendor();
      const badScope = await asOperator('POST', `/internal/vendors/${vendorId}/keys`, {
        name: 'k',
        scopes: ['billing:everything'],
      });
      expect(badScope.status).toBe(400);
      expect(badScope.body.errors).toEqual([expect.objectContaining({ field: 'scopes' })]);
      const list = await asOperator('GET', '/internal/vendors');
      expect(JSON.stringify(list.body)).not.toContain(tag);
      expect((await asOperator('GET', `/internal/vendors/${vendorId}/keys`)).body.items).toEqual([]);
    });

    it('shows a key once, keeps only its SHA-256, and lists keys without them', async () => {
      const vendorId = await registerVendor();
      const issued = await issueKey(vendorId);
      expect(issued.key).toMatch(/^lfv_[A-Za-z0-9_-]{43}_[0-9a-f]{8}$/);
      expect(issued.hint).toBe(issued.key.slice(0, 10));
      const stored = await withOwner((client) =>
        client.query<{ key_hash: string; row: string }>(
          `SELECT key_hash, row_to_json(vendor_keys)::text AS row FROM vendor_keys WHERE id = $1`,
          [issued.id],
        ),
      );
      expect(stored.rows[0]?.key_hash).toBe(createHash('sha256').update(issued.key).digest('hex'));
      expect(stored.rows[0]?.row).not.toContain(issued.key.slice(10));
      const keys = await asOperator('GET', `/internal/vendors/${vendorId}/keys`);
      expect(keys.status).toBe(200);
      expect(keys.body.items).toEqual([expect.objectContaining({ id: issued.id, revokedAt: null })]);
      expect(JSON.stringify(keys.body)).not.toContain(issued.key);
      expect(await auditCount('vendor.key-issued', issued.id, PLATFORM_FIRM_ID)).toBe(1);
    });

    it('answers 404 for a key of an unknown vendor', async () => {
      const response = await asOperator('POST', `/internal/vendors/${randomUUID()}/keys`, {
        name: 'k',
        scopes: ['work-orders:read'],
      });
      expect(response.status).toBe(404);
    });
  });

  describe('the key-for-token exchange', () => {
    it('gives a vendor token: actor vendor, subject the organisation, the key’s scopes', async () => {
      const vendorId = await registerVendor();
      const { key } = await issueKey(vendorId, ['work-orders:read', 'time:write']);
      const token = await vendorToken(key);
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(payload).toMatchObject({ act: 'vendor', sub: vendorId, firm_id: PLATFORM_FIRM_ID, roles: [] });
      expect(payload.scope).toBe('work-orders:read time:write');
      const firms = await withBearer(token).get('/v1/vendor/firms');
      expect(firms.status).toBe(200);
      expect(firms.body.items).toEqual([]);
    });

    it('refuses a malformed or checksum-failing key without looking it up, and an unknown well-formed one after', async () => {
      const dataSource = app.get(DataSource);
      const lookups = jest.spyOn(dataSource, 'getRepository');
      const real = newVendorKey();
      const badChecksum = `${real.slice(0, -1)}${real.endsWith('0') ? '1' : '0'}`;
      for (const key of ['lfv_short', badChecksum, `lfs_${real.slice(4)}`]) {
        const response = await exchange(key);
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('invalid_client');
      }
      expect(lookups).not.toHaveBeenCalled();
      const unknown = await exchange(newVendorKey());
      expect(unknown.status).toBe(401);
      expect(lookups).toHaveBeenCalled();
    });

    it('revokes with immediate effect: no new token, and the token already issued is refused at its next request', async () => {
      const vendorId = await registerVendor();
      const issued = await issueKey(vendorId);
      const token = await vendorToken(issued.key);
      expect((await withBearer(token).get('/v1/vendor/firms')).status).toBe(200);
      const revoked = await asOperator('POST', `/internal/vendors/${vendorId}/keys/${issued.id}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const after = await withBearer(token).get('/v1/vendor/firms');
      expect(after.status).toBe(401);
      expect((await exchange(issued.key)).status).toBe(401);
      expect(await auditCount('vendor.key-revoked', issued.id, PLATFORM_FIRM_ID)).toBe(1);
      // Revoking again changes nothing more.
      expect(
        (await asOperator('POST', `/internal/vendors/${vendorId}/keys/${issued.id}/revoke`)).status,
      ).toBe(200);
      expect(await auditCount('vendor.key-revoked', issued.id, PLATFORM_FIRM_ID)).toBe(1);
    });

    it('gives a new key of the same vendor a working token after another key was revoked', async () => {
      const vendorId = await registerVendor();
      const first = await issueKey(vendorId);
      await asOperator('POST', `/internal/vendors/${vendorId}/keys/${first.id}/revoke`);
      const second = await issueKey(vendorId);
      expect((await withBearer(await vendorToken(second.key)).get('/v1/vendor/firms')).status).toBe(200);
    });

    it('refuses a firm user on the vendor routes (403 vendor_only) and a key without the route’s scope (403)', async () => {
      const firmToken = await signIn(await seedFirm());
      const asFirm = await withBearer(firmToken).get('/v1/vendor/firms');
      expect(asFirm.status).toBe(403);
      expect(asFirm.body.code).toBe('vendor_only');
      const vendorId = await registerVendor();
      const { key } = await issueKey(vendorId, ['time:write']);
      const narrow = await withBearer(await vendorToken(key)).get('/v1/vendor/firms');
      expect(narrow.status).toBe(403);
      expect(narrow.body.code).toBe('insufficient_scope');
    });
    it('refuses a vendor token everywhere but the vendor routes: GraphQL, /v1/me, the users and proxied firm routes (403 vendor_not_permitted)', async () => {
      const vendorId = await registerVendor();
      const { key } = await issueKey(vendorId);
      const vendor = withBearer(await vendorToken(key));
      const answers = [
        await vendor.post('/graphql', { query: '{ matters { edges { node { id } } } }' }),
        await vendor.post('/v1/me/password', { currentPassword: 'x', newPassword: 'y'.repeat(16) }),
        await vendor.get('/v1/users'),
        await vendor.get('/v1/matters'),
      ];
      expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(
        answers.map(() => [403, 'vendor_not_permitted']),
      );
      expect((await vendor.get('/v1/vendor/firms')).status).toBe(200);
    });
  });

  describe('firm connections', () => {
    it('connects a vendor once of twenty concurrent requests, lists it, and the vendor sees the firm', async () => {
      const admin = await seedFirm();
      const token = await signIn(admin);
      const vendorId = await registerVendor();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => withBearer(token).post('/v1/vendor-connections', { vendorId })),
      );
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(19);
      expect(await auditCount('vendor-connection.connected', vendorId, admin.firmId)).toBe(1);
      const list = await withBearer(token).get('/v1/vendor-connections');
      expect(list.body.items).toEqual([
        expect.objectContaining({ vendorId, status: 'connected', disconnectedAt: null }),
      ]);
      const { key } = await issueKey(vendorId);
      const firms = await withBearer(await vendorToken(key)).get('/v1/vendor/firms');
      expect(firms.body.items).toEqual([expect.objectContaining({ firmId: admin.firmId })]);
    });

    it('disconnects (the vendor no longer sees the firm) and connects again', async () => {
      const admin = await seedFirm();
      const token = await signIn(admin);
      const vendorId = await registerVendor();
      const { key } = await issueKey(vendorId);
      const vendor = withBearer(await vendorToken(key));
      expect((await withBearer(token).post('/v1/vendor-connections', { vendorId })).status).toBe(201);
      const disconnected = await withBearer(token).delete(`/v1/vendor-connections/${vendorId}`);
      expect(disconnected.status).toBe(200);
      expect(disconnected.body).toMatchObject({ vendorId, status: 'disconnected' });
      expect((await vendor.get('/v1/vendor/firms')).body.items).toEqual([]);
      expect((await withBearer(token).delete(`/v1/vendor-connections/${vendorId}`)).status).toBe(404);
      expect(await auditCount('vendor-connection.disconnected', vendorId, admin.firmId)).toBe(1);
      expect((await withBearer(token).post('/v1/vendor-connections', { vendorId })).status).toBe(201);
      expect((await vendor.get('/v1/vendor/firms')).body.items).toEqual([
        expect.objectContaining({ firmId: admin.firmId }),
      ]);
    });

    it('keeps firms apart: another firm neither lists nor disconnects the connection (404)', async () => {
      const firmA = await signIn(await seedFirm());
      const firmB = await signIn(await seedFirm());
      const vendorId = await registerVendor();
      expect((await withBearer(firmA).post('/v1/vendor-connections', { vendorId })).status).toBe(201);
      expect((await withBearer(firmB).get('/v1/vendor-connections')).body.items).toEqual([]);
      expect((await withBearer(firmB).delete(`/v1/vendor-connections/${vendorId}`)).status).toBe(404);
      expect((await withBearer(firmA).get('/v1/vendor-connections')).body.items).toHaveLength(1);
    });

    it('refuses non-admins (403), unknown vendors (404), bad input (400), and vendor tokens (403)', async () => {
      const attorney = await signIn(await seedFirm(['attorney']));
      const vendorId = await registerVendor();
      expect((await withBearer(attorney).post('/v1/vendor-connections', { vendorId })).status).toBe(403);
      const admin = await signIn(await seedFirm());
      expect(
        (await withBearer(admin).post('/v1/vendor-connections', { vendorId: randomUUID() })).status,
      ).toBe(404);
      for (const body of [
        { vendorId: 'not-a-uuid' },
        { vendorId: null },
        { vendorId: `${vendorId}\u0000` },
        {},
      ]) {
        const response = await withBearer(admin).post('/v1/vendor-connections', body);
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field: 'vendorId' })]),
        );
      }
      expect((await withBearer(admin).get('/v1/vendor-connections')).body.items).toEqual([]);
      const { key } = await issueKey(vendorId);
      expect((await withBearer(await vendorToken(key)).get('/v1/vendor-connections')).status).toBe(403);
    });
  });
});
