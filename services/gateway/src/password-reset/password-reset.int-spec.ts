/**
 * Password reset (issue 15): one answer for known and unknown addresses, a link that works once
 * within the hour, only the newest link, nothing for a deactivated user, twenty concurrent confirms →
 * one new password, and the user's outstanding tokens refused at once.
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
import { MAILER, type InMemoryMailer } from '../mail/mail.service';
import { PasswordResetClock } from './password-reset-clock';
import { PasswordResetService } from './password-reset.service';

const NOWHERE = 'http://127.0.0.1:9';
const NEW_PASSWORD = 'a fresh and quiet passphrase after reset';

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
      SIGN_IN_SOURCE_MAX_FAILURES: '100000',
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
  email: string;
  password: string;
}

async function seedFirm(...people: FirmRole[][]): Promise<SeededUser[]> {
  const firmId = randomUUID();
  return withOwner(async (client) => {
    await client.query(`SELECT set_config('app.firm_id', $1, false)`, [firmId]);
    await client.query(`INSERT INTO firms (id, slug, name) VALUES ($1, $2, 'Reset firm')`, [
      firmId,
      `reset-${firmId.slice(0, 8)}`,
    ]);
    const users: SeededUser[] = [];
    for (const roles of people) {
      const user = {
        id: randomUUID(),
        email: `u-${randomUUID().slice(0, 8)}@reset.test`,
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

async function resetRows(userId: string): Promise<number> {
  return withOwner(async (client) => {
    await client.query(`SELECT set_config('app.scope', 'password-reset', false)`);
    const rows = await client.query<{ count: string }>(
      `SELECT count(*) FROM password_resets WHERE user_id = $1`,
      [userId],
    );
    return Number(rows.rows[0]?.count ?? 0);
  });
}

describe('Password reset', () => {
  let app: NestFastifyApplication;
  let mailer: InMemoryMailer;
  let resets: PasswordResetService;

  beforeAll(async () => {
    app = await bootGateway();
    mailer = app.get<InMemoryMailer>(MAILER);
    resets = app.get(PasswordResetService);
  });

  afterAll(async () => {
    await app?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const anonymous = (): ReturnType<ReturnType<typeof serviceClient>['anonymous']> =>
    serviceClient(app).anonymous();

  function ask(body: unknown): Promise<TestResponse> {
    return anonymous().post('/v1/auth/password-reset', body);
  }

  function confirm(body: unknown): Promise<TestResponse> {
    return anonymous().post('/v1/auth/password-reset/confirm', body);
  }

  function tokenFor(email: string, password: string): Promise<TestResponse> {
    return anonymous().post('/v1/auth/token', { grant_type: 'password', username: email, password });
  }

  function call(token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<TestResponse> {
    return anonymous().request(method, url, body, { headers: { authorization: `Bearer ${token}` } });
  }

  async function signIn(user: SeededUser): Promise<string> {
    const response = await tokenFor(user.email, user.password);
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
    return response.body.access_token as string;
  }

  function mailsTo(email: string): string[] {
    return mailer.sent.filter((mail) => mail.to === email).map((mail) => mail.text);
  }

  /** Asks for a link and returns the token of the newest mail to `email`. */
  async function linkFor(email: string): Promise<string> {
    const before = mailsTo(email).length;
    expect((await ask({ email })).status).toBe(202);
    await resets.idle();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(before + 1);
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mails[mails.length - 1]!)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  it('answers a known and an unknown address alike and mails only the known one', async () => {
    const [user] = await seedFirm(['attorney']);
    const unknown = `nobody-${randomUUID().slice(0, 8)}@reset.test`;
    const forUnknown = await ask({ email: unknown });
    const forKnown = await ask({ email: user!.email.toUpperCase() });
    await resets.idle();
    expect(forUnknown.status).toBe(202);
    expect(forKnown.status).toBe(202);
    expect(forKnown.body).toEqual(forUnknown.body);
    expect(forKnown.headers['content-type']).toBe(forUnknown.headers['content-type']);
    expect(forKnown.headers['ratelimit-remaining']).toBe(forUnknown.headers['ratelimit-remaining']);
    expect(mailsTo(unknown)).toEqual([]);
    expect(mailsTo(user!.email)).toHaveLength(1);
    expect(await outboxCount('user.password-reset-requested', user!.id)).toBe(1);
  });

  it('sets the password once; the link used twice, an unknown one and the old password are refused', async () => {
    const [user] = await seedFirm(['attorney']);
    const token = await linkFor(user!.email);

    const weak = await confirm({ token, password: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'password' })]),
    );

    const done = await confirm({ token, password: NEW_PASSWORD });
    expect(done.status).toBe(204);
    expect(await outboxCount('user.password-reset', user!.id)).toBe(1);
    expect((await tokenFor(user!.email, NEW_PASSWORD)).status).toBe(200);
    expect((await tokenFor(user!.email, user!.password)).status).toBe(401);

    const again = await confirm({ token, password: `${NEW_PASSWORD} again` });
    const unknown = await confirm({ token: 'A'.repeat(43), password: NEW_PASSWORD });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('password_reset_not_usable');
    expect(unknown.status).toBe(400);
    expect({ ...unknown.body, requestId: undefined }).toEqual({ ...again.body, requestId: undefined });
    expect((await tokenFor(user!.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses the tokens the user held at once after a reset', async () => {
    const [user] = await seedFirm(['attorney', 'firm-admin']);
    const held = await signIn(user!);
    expect((await call(held, 'GET', '/v1/users')).status).toBe(200);
    const token = await linkFor(user!.email);
    expect((await confirm({ token, password: NEW_PASSWORD })).status).toBe(204);
    expect((await call(held, 'GET', '/v1/users')).status).toBe(401);
  });

  it('refuses an expired link, a superseded one and one voided by a password change', async () => {
    const [user] = await seedFirm(['attorney']);
    const clock = app.get(PasswordResetClock);

    const expired = await linkFor(user!.email);
    const issuedAt = Date.now();
    jest.spyOn(clock, 'now').mockReturnValue(new Date(issuedAt + 60 * 60 * 1000 + 1000));
    expect((await confirm({ token: expired, password: NEW_PASSWORD })).body.code).toBe(
      'password_reset_not_usable',
    );
    jest.restoreAllMocks();

    const older = await linkFor(user!.email);
    const newer = await linkFor(user!.email);
    expect((await confirm({ token: older, password: NEW_PASSWORD })).body.code).toBe(
      'password_reset_not_usable',
    );

    const held = await signIn(user!);
    const changed = await call(held, 'POST', '/v1/me/password', {
      currentPassword: user!.password,
      newPassword: 'another long passphrase chosen by hand',
    });
    expect(changed.status).toBe(204);
    expect((await confirm({ token: newer, password: NEW_PASSWORD })).body.code).toBe(
      'password_reset_not_usable',
    );
    expect((await tokenFor(user!.email, 'another long passphrase chosen by hand')).status).toBe(200);
  });

  it('sends nothing to a deactivated user, and a link of a user deactivated since is refused', async () => {
    const [admin, user, other] = await seedFirm(['firm-admin'], ['attorney'], ['paralegal']);
    const adminToken = await signIn(admin!);
    const pending = await linkFor(other!.email);

    expect((await call(adminToken, 'POST', `/v1/users/${user!.id}/deactivate`)).status).toBe(200);
    expect((await call(adminToken, 'POST', `/v1/users/${other!.id}/deactivate`)).status).toBe(200);
    expect((await ask({ email: user!.email })).status).toBe(202);
    await resets.idle();
    expect(mailsTo(user!.email)).toEqual([]);
    expect(await resetRows(user!.id)).toBe(0);

    expect((await confirm({ token: pending, password: NEW_PASSWORD })).body.code).toBe(
      'password_reset_not_usable',
    );
    expect((await call(adminToken, 'POST', `/v1/users/${other!.id}/reactivate`)).status).toBe(200);
    expect((await tokenFor(other!.email, other!.password)).status).toBe(200);
  });

  it('sets the password exactly once for twenty concurrent confirms of one link', async () => {
    const [user] = await seedFirm(['attorney']);
    const token = await linkFor(user!.email);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        confirm({ token, password: `${NEW_PASSWORD} number ${index}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    // The others: the link's throttle lets SIGN_IN_MAX_FAILURES (5) tries in at a time (400, used), the rest 429.
    expect(statuses.filter((status) => status !== 204 && status !== 400 && status !== 429)).toEqual([]);
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThan(0);
    const winner = answers.findIndex((answer) => answer.status === 204);
    expect((await tokenFor(user!.email, `${NEW_PASSWORD} number ${winner}`)).status).toBe(200);
    expect(await outboxCount('user.password-reset', user!.id)).toBe(1);
  });

  it('throttles requests per address, known or not, with 429 and Retry-After', async () => {
    const [user] = await seedFirm(['attorney']);
    const unknown = `nobody-${randomUUID().slice(0, 8)}@reset.test`;
    for (const email of [user!.email, unknown]) {
      const answers: TestResponse[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) answers.push(await ask({ email }));
      expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202]);
      expect(answers[5]!.status).toBe(429);
      expect(answers[5]!.body.code).toBe('sign_in_throttled');
      expect(Number(answers[5]!.headers['retry-after'])).toBeGreaterThan(0);
    }
    await resets.idle();
    expect(mailsTo(user!.email)).toHaveLength(5);
    // Its sign-in is counted apart: the user still signs in.
    expect((await tokenFor(user!.email, user!.password)).status).toBe(200);
  });

  it('refuses malformed input with 400 naming the field and sends nothing', async () => {
    const [user] = await seedFirm(['attorney']);
    const sentBefore = mailer.sent.length;
    for (const body of [
      {},
      { email: null },
      { email: ['a@b.test'] },
      { email: { nested: true } },
      { email: `${user!.email}\u0000` },
      { email: 'not an address' },
      { email: user!.email, extra: 1 },
    ]) {
      const answer = await ask(body);
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
    const nullBody = await anonymous().request('POST', '/v1/auth/password-reset', null, {
      headers: { 'content-type': 'application/json' },
    });
    expect(nullBody.status).toBe(400);
    for (const body of [
      {},
      { token: 'short', password: NEW_PASSWORD },
      { token: 'A'.repeat(43) },
      { token: 'A'.repeat(43), password: 42 },
      { token: `${'A'.repeat(42)}\u0000`, password: NEW_PASSWORD },
      { token: 'A'.repeat(43), password: `${NEW_PASSWORD}\ud800` },
    ]) {
      const answer = await confirm(body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.length ?? 0).toBeGreaterThan(0);
    }
    await resets.idle();
    expect(mailer.sent.length).toBe(sentBefore);
    expect(await resetRows(user!.id)).toBe(0);
  });
});
