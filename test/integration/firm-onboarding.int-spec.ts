/**
 * Operations onboard, suspend and reactivate firms (issue 15): the admin gateway in-process calls a
 * real listening gateway (which owns firms and users) over HTTP with its internal token; a second
 * gateway instance shows that a suspension refuses the firm's existing tokens everywhere at once.
 * The first administrator's invitation is read from the gateway's file mail outbox (MAIL_DIR).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { hashSecret, loadSigningKey } from '@lawfirm/auth';
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
import { AppModule } from '../../services/admin-gateway/src/app.module';
import { AuditStore } from '../../services/admin-gateway/src/audit-store/audit-store.service';
import { AdminGatewayConfig } from '../../services/admin-gateway/src/config';

const NOWHERE = 'http://127.0.0.1:9';
const REASON = 'OPS-7781 onboarding a new client firm';
const OPS_PASSWORD = 'correct horse battery';
const ADMIN_PASSWORD = 'violet harbour lantern ninety three';

async function bootGateway(mailDir: string): Promise<NestFastifyApplication> {
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
      MAIL_TRANSPORT: 'file',
      MAIL_DIR: mailDir,
      ...upstreams,
    }),
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

/** The invitation token e-mailed to `email`, once the message is in the outbox. */
function invitationTokenFor(mailDir: string, email: string): string | undefined {
  for (const name of readdirSync(mailDir)) {
    const message = readFileSync(join(mailDir, name), 'utf8');
    if (!message.includes(`To: ${email}\n`)) continue;
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(message)?.[1];
    if (token) return token;
  }
  return undefined;
}

function firmInput(slug: string, email = `admin-${randomUUID().slice(0, 8)}@${slug}.test`) {
  return {
    name: `Firm ${slug}`,
    slug,
    timeZone: 'America/New_York',
    currency: 'USD',
    paymentTermsDays: 30,
    admin: { email, name: 'Ada Admin' },
  };
}

const newSlug = (): string => `firm-${randomUUID().slice(0, 12)}`;

describe('Firm onboarding and suspension by operations', () => {
  let admin: NestFastifyApplication;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let mailDir: string;
  let opsAdmin: string;
  let opsAuditor: string;

  beforeAll(async () => {
    mailDir = mkdtempSync(join(tmpdir(), 'firms-mail-'));
    [first, second] = await Promise.all([bootGateway(mailDir), bootGateway(mailDir)]);
    await first.listen({ port: 0, host: '127.0.0.1' });
    await Promise.all([first, second].map((app) => app.get(AccessRevocationListener).whenListening()));
    const gatewayUrl = `http://127.0.0.1:${(first.getHttpServer().address() as AddressInfo).port}`;
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
    await Promise.all([admin?.close(), first?.close(), second?.close()]);
    rmSync(mailDir, { recursive: true, force: true });
  });

  async function opsToken(role: 'ops-admin' | 'ops-auditor'): Promise<string> {
    const email = `firms-${role}-${randomUUID()}@platform.test`;
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

  async function firmsWithSlug(slug: string): Promise<number> {
    return asOwner('gateway', async (owner) => {
      const rows = await owner.query<{ count: string }>(`SELECT count(*) FROM firms WHERE slug = $1`, [slug]);
      return Number(rows.rows[0]?.count ?? 0);
    });
  }

  async function signIn(app: NestFastifyApplication, body: Record<string, string>): Promise<TestResponse> {
    return serviceClient(app).anonymous().post('/v1/auth/token', body);
  }

  function withToken(
    app: NestFastifyApplication,
    token: string,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ) {
    return serviceClient(app)
      .anonymous()
      .request(method, url, body, { headers: { authorization: `Bearer ${token}` } });
  }

  /** Onboards a firm and lets its first admin accept the invitation; returns the firm and the admin's e-mail. */
  async function onboardWithAdmin(): Promise<{ firmId: string; email: string; slug: string }> {
    const slug = newSlug();
    const input = firmInput(slug);
    const onboarded = await ops('POST', '/admin/firms', input);
    expect(onboarded.status).toBe(201);
    const token = await eventually(async () => invitationTokenFor(mailDir, input.admin.email), 15_000);
    const accepted = await serviceClient(first)
      .anonymous()
      .post('/v1/invitations/accept', { token, password: ADMIN_PASSWORD, name: 'Ada Admin' });
    expect(accepted.status).toBe(201);
    return { firmId: onboarded.body.firm.id as string, email: input.admin.email, slug };
  }

  it('onboards a firm whose invited first admin accepts, signs in at the gateway and is seen by operations', async () => {
    const slug = newSlug();
    const input = firmInput(slug);
    const onboarded = await ops('POST', '/admin/firms', input);
    expect(onboarded.status).toBe(201);
    expect(onboarded.body.firm).toMatchObject({
      slug,
      name: input.name,
      timeZone: 'America/New_York',
      currency: 'USD',
      paymentTermsDays: 30,
      status: 'active',
      suspendedAt: null,
    });
    expect(onboarded.body.invitation).toMatchObject({
      email: input.admin.email,
      roles: ['firm-admin'],
      status: 'pending',
    });
    expect(JSON.stringify(onboarded.body)).not.toMatch(/token/i);
    const firmId = onboarded.body.firm.id as string;
    const hoursValid =
      (Date.parse(onboarded.body.invitation.expiresAt) - Date.parse(onboarded.body.invitation.createdAt)) /
      3_600_000;
    expect(hoursValid).toBeCloseTo(72, 3);

    const token = await eventually(async () => invitationTokenFor(mailDir, input.admin.email), 15_000);
    const accepted = await serviceClient(first)
      .anonymous()
      .post('/v1/invitations/accept', { token, password: ADMIN_PASSWORD, name: 'Ada Admin' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.roles).toEqual(['firm-admin']);
    // Single use: the same link a second time is refused.
    const again = await serviceClient(first)
      .anonymous()
      .post('/v1/invitations/accept', { token, password: ADMIN_PASSWORD });
    expect(again.status).toBe(400);

    const grant = await signIn(first, {
      grant_type: 'password',
      username: input.admin.email,
      password: ADMIN_PASSWORD,
    });
    expect(grant.status).toBe(200);
    const users = await withToken(first, grant.body.access_token as string, 'GET', '/v1/users');
    expect(users.status).toBe(200);
    expect(users.body.items.map((user: { email: string }) => user.email)).toEqual([input.admin.email]);

    const detail = await ops('GET', `/admin/firms/${firmId}`, undefined, { token: opsAuditor, reason: null });
    expect(detail.status).toBe(200);
    expect(detail.body.users).toEqual([
      expect.objectContaining({ email: input.admin.email, displayName: 'Ada Admin', roles: ['firm-admin'] }),
    ]);
    expect(detail.body.apiClients).toEqual([]);
    expect(JSON.stringify(detail.body)).not.toMatch(/hash|secret|password/i);
    const list = await ops('GET', '/admin/firms?limit=500', undefined, { token: opsAuditor, reason: null });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: firmId, slug, status: 'active' }));

    // The onboarding is chained into the new firm's trail with the operator and the reason.
    const store = admin.get(AuditStore);
    const trail = await eventually(async () => {
      const items = (await store.list(firmId)).items;
      return items.some((item) => item.action === 'invitation.accepted') ? items : undefined;
    });
    const onboardedRecord = trail.find((item) => item.action === 'firm.onboarded');
    expect(onboardedRecord).toMatchObject({ actorType: 'ops' });
    expect(JSON.stringify(onboardedRecord)).toContain(REASON);
  });

  it('answers 409 to a second onboarding of the same slug and keeps one firm', async () => {
    const slug = newSlug();
    expect((await ops('POST', '/admin/firms', firmInput(slug))).status).toBe(201);
    const second = await ops('POST', '/admin/firms', firmInput(slug));
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('firm_slug_taken');
    expect(await firmsWithSlug(slug)).toBe(1);
  });

  it('of twenty concurrent onboardings of one slug creates exactly one firm', async () => {
    const slug = newSlug();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => ops('POST', '/admin/firms', firmInput(slug))),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(await firmsWithSlug(slug)).toBe(1);
  });

  it('refuses onboarding, suspension and reactivation without a stated reason and changes nothing', async () => {
    const slug = newSlug();
    const noReason = await ops('POST', '/admin/firms', firmInput(slug), { reason: null });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'X-Access-Reason' })]);
    const shortReason = await ops('POST', '/admin/firms', firmInput(slug), { reason: 'because' });
    expect(shortReason.status).toBe(400);
    expect(await firmsWithSlug(slug)).toBe(0);

    const created = await ops('POST', '/admin/firms', firmInput(slug));
    const firmId = created.body.firm.id as string;
    expect((await ops('POST', `/admin/firms/${firmId}/suspend`, undefined, { reason: null })).status).toBe(
      400,
    );
    const detail = await ops('GET', `/admin/firms/${firmId}`);
    expect(detail.body.status).toBe('active');
  });

  it('lets only ops-admin change firms: an auditor gets 403, a firm token or none 401', async () => {
    const slug = newSlug();
    const auditor = await ops('POST', '/admin/firms', firmInput(slug), { token: opsAuditor });
    expect(auditor.status).toBe(403);
    expect(await firmsWithSlug(slug)).toBe(0);

    const { email } = await onboardWithAdmin();
    const firmToken = (
      await signIn(first, { grant_type: 'password', username: email, password: ADMIN_PASSWORD })
    ).body.access_token as string;
    for (const [method, url] of [
      ['GET', '/admin/firms'],
      ['POST', '/admin/firms'],
    ] as const) {
      const withFirmToken = await ops(method, url, method === 'POST' ? firmInput(newSlug()) : undefined, {
        token: firmToken,
      });
      expect(withFirmToken.status).toBe(401);
    }
    const anonymous = await serviceClient(admin).anonymous().get('/admin/firms');
    expect(anonymous.status).toBe(401);
    // Nor can anyone call the gateway's internal routes with a firm token or an ops token.
    for (const token of [firmToken, opsAdmin]) {
      const internal = await withToken(first, token, 'GET', '/internal/firms');
      expect(internal.status).toBe(401);
    }
  });

  it('refuses bad input with 400 naming the field and creates nothing', async () => {
    const slug = newSlug();
    const valid = firmInput(slug);
    const cases: Array<[unknown, string]> = [
      [{ ...valid, name: 'Smith\u0000Partners' }, 'name'],
      [{ ...valid, admin: { ...valid.admin, name: 'Ada \ud800' } }, 'admin.name'],
      [{ ...valid, slug: 'Not A Slug' }, 'slug'],
      [{ ...valid, timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ ...valid, currency: 'usd' }, 'currency'],
      [{ ...valid, paymentTermsDays: '30' }, 'paymentTermsDays'],
      [{ ...valid, paymentTermsDays: 400 }, 'paymentTermsDays'],
      [{ ...valid, admin: 'ada@example.test' }, 'admin'],
      [{ ...valid, admin: { ...valid.admin, email: 'not-an-email' } }, 'admin.email'],
      [{ ...valid, name: null }, 'name'],
      [{ ...valid, tenantPlan: 'gold' }, 'tenantPlan'],
    ];
    for (const [payload, field] of cases) {
      const answer = await ops('POST', '/admin/firms', payload);
      expect({ field, status: answer.status }).toEqual({ field, status: 400 });
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(answer.body.errors ?? answer.body)).toContain(field);
    }
    const nullBody = await serviceClient(admin)
      .anonymous()
      .request('POST', '/admin/firms', 'null', {
        headers: {
          authorization: `Bearer ${opsAdmin}`,
          'x-access-reason': REASON,
          'content-type': 'application/json',
        },
      });
    expect(nullBody.status).toBe(400);
    expect((await ops('POST', '/admin/firms/not-a-uuid/suspend')).status).toBe(400);
    expect((await ops('GET', `/admin/firms/${randomUUID()}`)).status).toBe(404);
    expect((await ops('POST', `/admin/firms/${randomUUID()}/suspend`)).status).toBe(404);
    expect(await firmsWithSlug(slug)).toBe(0);
  });

  it("suspends a firm: its user's and API client's tokens fail at two gateway instances at once, sign-in is refused; reactivation lets new sign-ins in", async () => {
    const { firmId, email } = await onboardWithAdmin();
    const userToken = (
      await signIn(first, { grant_type: 'password', username: email, password: ADMIN_PASSWORD })
    ).body.access_token as string;
    const created = await withToken(first, userToken, 'POST', '/v1/api-clients', {
      name: 'Practice system',
      roles: ['read-only'],
    });
    expect(created.status).toBe(201);
    const clientGrant = {
      grant_type: 'client_credentials',
      client_id: created.body.clientId as string,
      client_secret: created.body.clientSecret as string,
    };
    const clientToken = (await signIn(second, clientGrant)).body.access_token as string;
    // Both instances have checked (and cached) the firm's epoch for both tokens.
    for (const app of [first, second]) {
      expect((await withToken(app, userToken, 'GET', '/v1/users')).status).toBe(200);
      expect((await withToken(app, clientToken, 'GET', '/v1/users')).status).toBe(403);
    }

    const suspended = await ops('POST', `/admin/firms/${firmId}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ id: firmId, status: 'suspended' });
    expect(suspended.body.suspendedAt).toEqual(expect.any(String));

    // The instance that made the change refuses at once; the other as soon as it hears the event.
    expect((await withToken(first, userToken, 'GET', '/v1/users')).status).toBe(401);
    expect((await withToken(first, clientToken, 'GET', '/v1/users')).status).toBe(401);
    await eventually(
      async () =>
        (await withToken(second, userToken, 'GET', '/v1/users')).status === 401 &&
        (await withToken(second, clientToken, 'GET', '/v1/users')).status === 401
          ? true
          : undefined,
      15_000,
      20,
    );
    for (const app of [first, second]) {
      expect(
        (await signIn(app, { grant_type: 'password', username: email, password: ADMIN_PASSWORD })).status,
      ).toBe(401);
      expect((await signIn(app, clientGrant)).status).toBe(401);
    }
    const listed = await ops('GET', '/admin/firms?limit=500');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: firmId, status: 'suspended' }));
    // Suspending again changes nothing and records nothing.
    expect((await ops('POST', `/admin/firms/${firmId}/suspend`)).body.status).toBe('suspended');

    const reactivated = await ops('POST', `/admin/firms/${firmId}/reactivate`, undefined, {
      reason: 'OPS-7790 invoice dispute settled, reactivating',
    });
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ status: 'active', suspendedAt: null });
    // Tokens from before the suspension stay refused; a new sign-in works at both instances.
    expect((await withToken(first, userToken, 'GET', '/v1/users')).status).toBe(401);
    for (const app of [first, second]) {
      const grant = await signIn(app, { grant_type: 'password', username: email, password: ADMIN_PASSWORD });
      expect(grant.status).toBe(200);
      expect((await withToken(app, grant.body.access_token as string, 'GET', '/v1/users')).status).toBe(200);
    }

    const store = admin.get(AuditStore);
    const actions = await eventually(async () => {
      const items = (await store.list(firmId, 200)).items;
      return items.some((item) => item.action === 'firm.reactivated') ? items : undefined;
    });
    const changes = actions.filter(
      (item) => item.action === 'firm.suspended' || item.action === 'firm.reactivated',
    );
    expect(changes.map((item) => item.action)).toEqual(['firm.reactivated', 'firm.suspended']);
    expect(JSON.stringify(changes[1])).toContain(REASON);
  });
});
