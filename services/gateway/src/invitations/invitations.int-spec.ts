/**
 * Invitations (issue 15): a firm admin invites a person, the link works once within 72 hours and
 * makes a user with the invited roles; a used, expired, revoked or unknown link gets one and the
 * same answer; another firm's admin cannot see or revoke it; twenty accepts at once make one user.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { hashSecret, loadSigningKey, type FirmRole } from '@lawfirm/auth';
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
import { InvitationClock } from './invitation-clock';
import { MAILER, type InMemoryMailer } from '../mail/mail.service';

const NOWHERE = 'http://127.0.0.1:9';
const PASSWORD = 'a long and quiet passphrase for the firm';

async function bootGateway(): Promise<NestFastifyApplication> {
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
      MAIL_TRANSPORT: 'memory',
      // Every test calls from 127.0.0.1: the per-address lock would otherwise tie the tests together.
      SIGN_IN_SOURCE_MAX_FAILURES: '10000',
      ...upstreams,
    }),
  );
  const key = await loadSigningKey(config.GATEWAY_SIGNING_KEY);
  return bootService('gateway', (logger) => AppModule.register(config, logger, key));
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

async function seedFirm(...people: FirmRole[][]): Promise<SeededUser[]> {
  const firmId = randomUUID();
  return withOwner(async (client) => {
    await client.query(`SELECT set_config('app.firm_id', $1, false)`, [firmId]);
    await client.query(`INSERT INTO firms (id, slug, name) VALUES ($1, $2, 'Invitation firm')`, [
      firmId,
      `invitations-${firmId.slice(0, 8)}`,
    ]);
    const users: SeededUser[] = [];
    for (const roles of people) {
      const user = {
        id: randomUUID(),
        firmId,
        email: `u-${randomUUID().slice(0, 8)}@invitations.test`,
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

async function usersWithEmail(email: string): Promise<number> {
  return withOwner(async (client) => {
    await client.query(`SELECT set_config('app.scope', 'authn', false)`);
    const rows = await client.query<{ count: string }>(`SELECT count(*) FROM users WHERE email = $1`, [
      email,
    ]);
    return Number(rows.rows[0]?.count ?? 0);
  });
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

describe('Invitations', () => {
  let app: NestFastifyApplication;
  let mailer: InMemoryMailer;

  beforeAll(async () => {
    app = await bootGateway();
    mailer = app.get<InMemoryMailer>(MAILER);
  });

  afterAll(async () => {
    await app?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function tokenFor(email: string, password: string): Promise<TestResponse> {
    return serviceClient(app)
      .anonymous()
      .post('/v1/auth/token', { grant_type: 'password', username: email, password });
  }

  async function signIn(user: SeededUser): Promise<string> {
    const response = await tokenFor(user.email, user.password);
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
    return response.body.access_token as string;
  }

  function call(token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<TestResponse> {
    return serviceClient(app)
      .anonymous()
      .request(method, url, body, { headers: { authorization: `Bearer ${token}` } });
  }

  function accept(body: unknown): Promise<TestResponse> {
    return serviceClient(app).anonymous().post('/v1/invitations/accept', body);
  }

  /** Invites a fresh address and returns the invitation and the token its e-mail carried. */
  async function invite(
    adminToken: string,
    roles: FirmRole[],
  ): Promise<{ id: string; email: string; token: string }> {
    const email = `new-${randomUUID().slice(0, 8)}@invitations.test`;
    const response = await call(adminToken, 'POST', '/v1/users/invitations', { email, roles });
    expect(response.status).toBe(201);
    const mail = mailer.sent.find((sent) => sent.to === email);
    expect(mail).toBeDefined();
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)?.[1];
    expect(token).toBeDefined();
    return { id: response.body.id as string, email, token: token! };
  }

  it('makes a user with the invited roles once; a used, unknown or expired link gets one same answer', async () => {
    const [admin] = await seedFirm(['firm-admin']);
    const adminToken = await signIn(admin!);
    const invitation = await invite(adminToken, ['attorney', 'billing']);
    const listed = await call(adminToken, 'GET', '/v1/users/invitations');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: invitation.id, email: invitation.email, status: 'pending' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(invitation.token);

    const weak = await accept({ token: invitation.token, password: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'password' })]),
    );
    expect(await usersWithEmail(invitation.email)).toBe(0);

    const accepted = await accept({ token: invitation.token, password: PASSWORD, name: 'New Lawyer' });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toEqual(
      expect.objectContaining({
        email: invitation.email,
        displayName: 'New Lawyer',
        roles: ['attorney', 'billing'],
      }),
    );
    expect(await outboxCount('invitation.accepted', invitation.id)).toBe(1);
    const signedIn = await tokenFor(invitation.email, PASSWORD);
    expect(signedIn.status).toBe(200);
    const users = await call(adminToken, 'GET', '/v1/users');
    expect(users.body.items.map((user: { email: string }) => user.email)).toContain(invitation.email);
    expect((await call(adminToken, 'GET', '/v1/users/invitations')).body.items).toEqual([]);

    const again = await accept({ token: invitation.token, password: PASSWORD });
    const unknown = await accept({ token: 'A'.repeat(43), password: PASSWORD });
    const expiring = await invite(adminToken, ['paralegal']);
    jest
      .spyOn(app.get(InvitationClock), 'now')
      .mockReturnValue(new Date(Date.now() + 72 * 60 * 60 * 1000 + 1000));
    const expired = await accept({ token: expiring.token, password: PASSWORD });
    jest.restoreAllMocks();
    for (const refused of [again, unknown, expired]) {
      expect(refused.status).toBe(400);
      expect({ ...refused.body, requestId: undefined }).toEqual({ ...again.body, requestId: undefined });
      expect(refused.body.code).toBe('invitation_not_usable');
    }
    expect(await usersWithEmail(invitation.email)).toBe(1);
    expect(await usersWithEmail(expiring.email)).toBe(0);
    // Within its 72 hours the same link still works.
    expect((await accept({ token: expiring.token, password: PASSWORD })).status).toBe(201);
  });

  it("keeps a firm's invitations from another firm's admin, and revoked links stop working", async () => {
    const [admin] = await seedFirm(['firm-admin']);
    const [otherAdmin] = await seedFirm(['firm-admin']);
    const adminToken = await signIn(admin!);
    const otherToken = await signIn(otherAdmin!);
    const invitation = await invite(adminToken, ['read-only']);

    expect((await call(otherToken, 'GET', '/v1/users/invitations')).body.items).toEqual([]);
    const foreign = await call(otherToken, 'POST', `/v1/users/invitations/${invitation.id}/revoke`);
    expect(foreign.status).toBe(404);

    const revoked = await call(adminToken, 'POST', `/v1/users/invitations/${invitation.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect(await outboxCount('invitation.revoked', invitation.id)).toBe(1);
    const refused = await accept({ token: invitation.token, password: PASSWORD });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invitation_not_usable');
    expect(await usersWithEmail(invitation.email)).toBe(0);
  });

  it('lets only firm admins invite, and refuses bad input changing nothing', async () => {
    const [admin, lawyer] = await seedFirm(['firm-admin'], ['attorney']);
    const adminToken = await signIn(admin!);
    const lawyerToken = await signIn(lawyer!);
    const email = `x-${randomUUID().slice(0, 8)}@invitations.test`;
    expect(
      (await call(lawyerToken, 'POST', '/v1/users/invitations', { email, roles: ['attorney'] })).status,
    ).toBe(403);
    const badInvites: Array<[unknown, string]> = [
      [{ email: 'not an address', roles: ['attorney'] }, 'email'],
      [{ email: null, roles: ['attorney'] }, 'email'],
      [{ email: `nul\u0000${email}`, roles: ['attorney'] }, 'email'],
      [{ email, roles: ['owner'] }, 'roles'],
      [{ email, roles: [] }, 'roles'],
      [{ email, roles: ['attorney'], firmId: randomUUID() }, 'firmId'],
    ];
    for (const [body, field] of badInvites) {
      const response = await call(adminToken, 'POST', '/v1/users/invitations', body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(response.body)).toContain(field);
    }
    expect((await call(adminToken, 'GET', '/v1/users/invitations')).body.items).toEqual([]);

    const badAccepts: Array<[unknown, string]> = [
      [{ token: null, password: PASSWORD }, 'token'],
      [{ token: `${'A'.repeat(42)}\u0000`, password: PASSWORD }, 'token'],
      [{ token: 'A'.repeat(43), password: ['x'] }, 'password'],
      [{ token: 'A'.repeat(43), password: PASSWORD, name: '' }, 'name'],
      [{ token: 'A'.repeat(43), password: PASSWORD, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of badAccepts) {
      const response = await accept(body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain(field);
    }
  });

  it('makes exactly one user of twenty concurrent accepts of one invitation', async () => {
    const [admin] = await seedFirm(['firm-admin']);
    const invitation = await invite(await signIn(admin!), ['paralegal']);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => accept({ token: invitation.token, password: PASSWORD })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    // The rest: the link already used (400), or the link's tries throttled (429).
    const unexpected = answers.filter((answer) => ![201, 400, 429].includes(answer.status));
    expect(unexpected.map((answer) => [answer.status, answer.body])).toEqual([]);
    expect(await usersWithEmail(invitation.email)).toBe(1);
    expect(await outboxCount('invitation.accepted', invitation.id)).toBe(1);
  });
});
