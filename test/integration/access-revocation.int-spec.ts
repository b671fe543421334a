/**
 * Revocation is immediate (issue 15): deactivating a user, changing their roles or revoking an API
 * client refuses the tokens they hold on the next request at two gateway instances — the one that
 * made the change at once, the other as soon as it hears `gateway.access.revoked` (its cache was
 * warm, so without the event it would have kept accepting). Firm admins manage only their own firm.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { hashSecret, loadSigningKey, type FirmRole } from '@lawfirm/auth';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testKeys,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule as GatewayModule } from '../../services/gateway/src/app.module';
import { GatewayConfig } from '../../services/gateway/src/config';
import { AccessRevocationListener } from '../../services/gateway/src/identity/access-revocation.listener';

const NOWHERE = 'http://127.0.0.1:9';

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

async function withOwner<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabase('gateway').owner });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface SeededUser {
  id: string;
  firmId: string;
  email: string;
  password: string;
}

/** A firm in the gateway's database (as onboarding would leave it) with users of the given roles. */
async function seedFirm(...people: FirmRole[][]): Promise<SeededUser[]> {
  const firmId = randomUUID();
  return withOwner(async (client) => {
    await client.query(`SELECT set_config('app.firm_id', $1, false)`, [firmId]);
    await client.query(`INSERT INTO firms (id, slug, name) VALUES ($1, $2, 'Revocation firm')`, [
      firmId,
      `revocation-${firmId.slice(0, 8)}`,
    ]);
    const users: SeededUser[] = [];
    for (const roles of people) {
      const user = {
        id: randomUUID(),
        firmId,
        email: `u-${randomUUID().slice(0, 8)}@revocation.test`,
        password: `pw-${randomUUID()}`,
      };
      await client.query(
        `INSERT INTO users (id, firm_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, 'User', $4, $5)`,
        [user.id, firmId, user.email, await hashSecret(user.password), roles],
      );
      users.push(user);
    }
    return users;
  });
}

async function tokenFor(app: NestFastifyApplication, user: SeededUser): Promise<string> {
  const response = await serviceClient(app)
    .anonymous()
    .post('/v1/auth/token', { grant_type: 'password', username: user.email, password: user.password });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return response.body.access_token as string;
}

function call(
  app: NestFastifyApplication,
  token: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
): Promise<TestResponse> {
  return serviceClient(app)
    .anonymous()
    .request(method, url, body, { headers: { authorization: `Bearer ${token}` } });
}

async function outboxCount(action: string, resourceId: string): Promise<number> {
  return withOwner(async (client) => {
    await client.query(`SELECT set_config('app.scope', 'outbox-relay', false)`);
    const rows = await client.query<{ count: string }>(
      `SELECT count(*) FROM outbox WHERE envelope->'data'->>'action' = $1 AND envelope->'data'->>'resourceId' = $2`,
      [action, resourceId],
    );
    return Number(rows.rows[0]?.count ?? 0);
  });
}

describe('Immediate revocation at two gateway instances', () => {
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    [first, second] = await Promise.all([bootGateway(), bootGateway()]);
    await Promise.all([first, second].map((app) => app.get(AccessRevocationListener).whenListening()));
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it("refuses a deactivated user's existing token at once at both instances, and their sign-in", async () => {
    const [admin, lawyer] = await seedFirm(['firm-admin'], ['attorney']);
    const adminToken = await tokenFor(first, admin!);
    const lawyerToken = await tokenFor(first, lawyer!);
    // Both instances have checked (and cached) the lawyer's epoch.
    expect((await call(first, lawyerToken, 'GET', '/v1/api-clients')).status).toBe(403);
    expect((await call(second, lawyerToken, 'GET', '/v1/api-clients')).status).toBe(403);

    const deactivated = await call(first, adminToken, 'POST', `/v1/users/${lawyer!.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.disabledAt).toEqual(expect.any(String));

    const atFirst = await call(first, lawyerToken, 'GET', '/v1/api-clients');
    expect(atFirst.status).toBe(401);
    expect(atFirst.body.detail).toBe('The bearer token has been revoked.');
    const started = Date.now();
    await eventually(
      async () =>
        (await call(second, lawyerToken, 'GET', '/v1/api-clients')).status === 401 ? true : undefined,
      15_000,
      20,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    const signIn = await serviceClient(second).anonymous().post('/v1/auth/token', {
      grant_type: 'password',
      username: lawyer!.email,
      password: lawyer!.password,
    });
    expect(signIn.status).toBe(401);

    const reactivated = await call(second, adminToken, 'POST', `/v1/users/${lawyer!.id}/reactivate`);
    expect(reactivated.status).toBe(200);
    const fresh = await tokenFor(second, lawyer!);
    expect((await call(first, fresh, 'GET', '/v1/api-clients')).status).toBe(403);
    // The token from before the deactivation stays refused: the epoch moved on twice.
    expect((await call(first, lawyerToken, 'GET', '/v1/api-clients')).status).toBe(401);
  });

  it('refuses the old token when the roles it carries are changed', async () => {
    const [admin, clerk] = await seedFirm(['firm-admin'], ['firm-admin']);
    const adminToken = await tokenFor(first, admin!);
    const clerkToken = await tokenFor(first, clerk!);
    expect((await call(second, clerkToken, 'GET', '/v1/users')).status).toBe(200);

    const changed = await call(first, adminToken, 'PUT', `/v1/users/${clerk!.id}/roles`, {
      roles: ['billing'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['billing']);

    await eventually(
      async () => ((await call(second, clerkToken, 'GET', '/v1/users')).status === 401 ? true : undefined),
      15_000,
      20,
    );
  });

  it("refuses a revoked API client's token at both instances", async () => {
    const [admin] = await seedFirm(['firm-admin']);
    const adminToken = await tokenFor(first, admin!);
    const created = await call(first, adminToken, 'POST', '/v1/api-clients', {
      name: 'Sync',
      roles: ['firm-admin'],
    });
    expect(created.status).toBe(201);
    const grant = await serviceClient(second).anonymous().post('/v1/auth/token', {
      grant_type: 'client_credentials',
      client_id: created.body.clientId,
      client_secret: created.body.clientSecret,
    });
    const clientToken = grant.body.access_token as string;
    expect((await call(first, clientToken, 'GET', '/v1/api-clients')).status).toBe(200);
    expect((await call(second, clientToken, 'GET', '/v1/api-clients')).status).toBe(200);

    expect((await call(second, adminToken, 'POST', `/v1/api-clients/${created.body.id}/revoke`)).status).toBe(
      200,
    );

    expect((await call(second, clientToken, 'GET', '/v1/api-clients')).status).toBe(401);
    await eventually(
      async () =>
        (await call(first, clientToken, 'GET', '/v1/api-clients')).status === 401 ? true : undefined,
      15_000,
      20,
    );
  });

  it("keeps a firm admin to their own firm's users: another firm's user answers 404 and is not listed", async () => {
    const [adminA, userA] = await seedFirm(['firm-admin'], ['attorney']);
    const [adminB] = await seedFirm(['firm-admin']);
    const tokenB = await tokenFor(first, adminB!);

    expect((await call(first, tokenB, 'GET', `/v1/users/${userA!.id}`)).status).toBe(404);
    expect((await call(first, tokenB, 'POST', `/v1/users/${userA!.id}/deactivate`)).status).toBe(404);
    expect(
      (await call(first, tokenB, 'PUT', `/v1/users/${userA!.id}/roles`, { roles: ['read-only'] })).status,
    ).toBe(404);
    const listed = await call(first, tokenB, 'GET', '/v1/users');
    expect(listed.body.items.map((user: { id: string }) => user.id)).toEqual([adminB!.id]);
    const tokenA = await tokenFor(first, adminA!);
    expect((await call(first, tokenA, 'GET', `/v1/users/${userA!.id}`)).body.disabledAt).toBeNull();
  });

  it('refuses a non-admin, an admin deactivating themselves, and bad roles, changing nothing', async () => {
    const [admin, lawyer] = await seedFirm(['firm-admin'], ['attorney']);
    const adminToken = await tokenFor(first, admin!);
    const lawyerToken = await tokenFor(first, lawyer!);

    expect((await call(first, lawyerToken, 'POST', `/v1/users/${admin!.id}/deactivate`)).status).toBe(403);
    const self = await call(first, adminToken, 'POST', `/v1/users/${admin!.id}/deactivate`);
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('self_lockout');
    for (const roles of [[], ['owner'], null, 'attorney', ['attorney', 'attorney'], ['attorney\u0000']]) {
      const refused = await call(first, adminToken, 'PUT', `/v1/users/${lawyer!.id}/roles`, { roles });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].field).toMatch(/^roles/);
    }
    expect((await call(first, adminToken, 'GET', `/v1/users/${lawyer!.id}`)).body.roles).toEqual([
      'attorney',
    ]);
    expect((await call(first, lawyerToken, 'GET', '/v1/api-clients')).status).toBe(403);
  });

  it('changes a password under the NIST rules and refuses every token the user held, at both instances', async () => {
    const [user] = await seedFirm(['attorney']);
    const oldToken = await tokenFor(first, user!);
    expect((await call(second, oldToken, 'GET', '/v1/api-clients')).status).toBe(403);
    const change = (currentPassword: unknown, newPassword: unknown): Promise<TestResponse> =>
      call(first, oldToken, 'POST', '/v1/me/password', { currentPassword, newPassword });

    for (const [current, next, field] of [
      ['not the password', 'a perfectly good passphrase', 'currentPassword'],
      [user!.password, 'too short', 'newPassword'],
      [user!.password, 'passwordpassword', 'newPassword'],
      [user!.password, `${user!.email.split('@')[0]} is my name`, 'newPassword'],
      [user!.password, null, 'newPassword'],
      [user!.password, 'nul\u0000 in a long passphrase', 'newPassword'],
    ] as const) {
      const refused = await change(current, next);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].field).toBe(field);
    }
    expect((await call(first, oldToken, 'GET', '/v1/api-clients')).status).toBe(403);

    const newPassword = 'correct horse battery staple 42';
    expect((await change(user!.password, newPassword)).status).toBe(204);

    expect((await call(first, oldToken, 'GET', '/v1/api-clients')).status).toBe(401);
    await eventually(
      async () =>
        (await call(second, oldToken, 'GET', '/v1/api-clients')).status === 401 ? true : undefined,
      15_000,
      20,
    );
    expect((await tokenFor(second, { ...user!, password: newPassword })).length).toBeGreaterThan(0);
    const oldPassword = await serviceClient(second)
      .anonymous()
      .post('/v1/auth/token', { grant_type: 'password', username: user!.email, password: user!.password });
    expect(oldPassword.status).toBe(401);
  });

  it('records one deactivation for twenty identical concurrent requests', async () => {
    const [admin, lawyer] = await seedFirm(['firm-admin'], ['attorney']);
    const adminToken = await tokenFor(first, admin!);

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(index % 2 ? second : first, adminToken, 'POST', `/v1/users/${lawyer!.id}/deactivate`),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(await outboxCount('user.deactivated', lawyer!.id)).toBe(1);
  });
});
