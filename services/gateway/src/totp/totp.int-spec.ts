/**
 * TOTP second factor (issue 15), driven by real codes from otpauth's generator on the real clock:
 * enrol and confirm, sign-in with a code or a recovery code (each accepted once), wrong and missing
 * codes counted by the sign-in throttle, a firm that requires TOTP, disabling, bad input, races.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
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

const NOWHERE = 'http://127.0.0.1:9';
const STEP_MS = 30_000;

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
    await client.query(`INSERT INTO firms (id, slug, name) VALUES ($1, $2, 'TOTP firm')`, [
      firmId,
      `totp-${firmId.slice(0, 8)}`,
    ]);
    const users: SeededUser[] = [];
    for (const roles of people) {
      const user = {
        id: randomUUID(),
        email: `u-${randomUUID().slice(0, 8)}@totp.test`,
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

/** The authenticator app: codes of the current step, or of the next one (accepted as clock drift). */
function authenticator(secret: string): { now(): string; next(): string; wrong(): string } {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  const valid = (): string[] =>
    [-1, 0, 1].map((offset) => totp.generate({ timestamp: Date.now() + offset * STEP_MS }));
  return {
    now: () => totp.generate({ timestamp: Date.now() }),
    next: () => totp.generate({ timestamp: Date.now() + STEP_MS }),
    wrong: () => {
      const codes = valid();
      let candidate = 0;
      while (codes.includes(String(candidate).padStart(6, '0'))) candidate += 1;
      return String(candidate).padStart(6, '0');
    },
  };
}

describe('TOTP', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootGateway();
  });

  afterAll(async () => {
    await app?.close();
  });

  const anonymous = (): ReturnType<ReturnType<typeof serviceClient>['anonymous']> =>
    serviceClient(app).anonymous();

  function grant(user: SeededUser, extra: Record<string, unknown> = {}): Promise<TestResponse> {
    return anonymous().post('/v1/auth/token', {
      grant_type: 'password',
      username: user.email,
      password: user.password,
      ...extra,
    });
  }

  function call(
    token: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
  ): Promise<TestResponse> {
    return anonymous().request(method, url, body, { headers: { authorization: `Bearer ${token}` } });
  }

  async function signIn(user: SeededUser, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await grant(user, extra);
    if (response.status !== 200)
      throw new Error(`sign-in answered ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.access_token as string;
  }

  /** Enrols and confirms; returns the authenticator and the recovery codes. */
  async function enrol(
    token: string,
  ): Promise<{ app: ReturnType<typeof authenticator>; recoveryCodes: string[]; uri: string }> {
    const started = await call(token, 'POST', '/v1/me/totp');
    expect(started.status).toBe(201);
    const device = authenticator(started.body.secret as string);
    const confirmed = await call(token, 'POST', '/v1/me/totp/confirm', { code: device.now() });
    expect(confirmed.status).toBe(200);
    return {
      app: device,
      recoveryCodes: confirmed.body.recoveryCodes as string[],
      uri: started.body.otpauthUri as string,
    };
  }

  it('enrols with a confirmed code, then signs in only with a fresh code or an unused recovery code', async () => {
    const [user] = await seedFirm(['attorney']);
    const token = await signIn(user!);
    const started = await call(token, 'POST', '/v1/me/totp');
    expect(started.status).toBe(201);
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]+.*period=30/);
    expect(started.body.otpauthUri).toContain(encodeURIComponent(user!.email));
    const device = authenticator(started.body.secret as string);

    // Still pending: the password alone signs in.
    expect((await grant(user!)).status).toBe(200);
    const wrongConfirm = await call(token, 'POST', '/v1/me/totp/confirm', { code: device.wrong() });
    expect(wrongConfirm.status).toBe(400);
    expect(wrongConfirm.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
    const confirmed = await call(token, 'POST', '/v1/me/totp/confirm', { code: device.now() });
    expect(confirmed.status).toBe(200);
    const recoveryCodes = confirmed.body.recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    expect(await outboxCount('user.totp-enabled', user!.id)).toBe(1);
    expect((await call(token, 'POST', '/v1/me/totp')).status).toBe(409);

    const missing = await grant(user!);
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('totp_required');
    expect(missing.body.error).toBe('invalid_grant');
    const wrong = await grant(user!, { totp: device.wrong() });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('totp_invalid');

    const code = device.next();
    expect((await grant(user!, { totp: code })).status).toBe(200);
    const replayed = await grant(user!, { totp: code });
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('totp_invalid');

    expect((await grant(user!, { recovery_code: recoveryCodes[0]!.toUpperCase() })).status).toBe(200);
    expect((await grant(user!, { recovery_code: recoveryCodes[0] })).status).toBe(401);
    expect((await grant(user!, { recovery_code: recoveryCodes[1] })).status).toBe(200);
    expect(await outboxCount('user.recovery-code-used', user!.id)).toBe(2);
  });

  it('counts missing and wrong codes as failed sign-ins: locked even for the right code', async () => {
    const [user] = await seedFirm(['attorney']);
    const { app: device } = await enrol(await signIn(user!));
    const failures: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      failures.push((await grant(user!, attempt % 2 ? { totp: device.wrong() } : {})).status);
    expect(failures).toEqual([401, 401, 401, 401, 401]);
    const locked = await grant(user!, { totp: device.next() });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('sign_in_throttled');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets one of twenty concurrent sign-ins with the same code through', async () => {
    const [user] = await seedFirm(['attorney']);
    const { app: device } = await enrol(await signIn(user!));
    const code = device.next();
    const answers = await Promise.all(Array.from({ length: 20 }, () => grant(user!, { totp: code })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200 && status !== 401 && status !== 429)).toEqual([]);
  });

  it("makes an enforcing firm's users enrol before anything else, and leaves other firms alone", async () => {
    const [admin, user] = await seedFirm(['firm-admin'], ['attorney']);
    const [outsider] = await seedFirm(['firm-admin']);
    const adminToken = await signIn(admin!);
    expect((await call(adminToken, 'GET', '/v1/firm/security')).body).toEqual({ requireTotp: false });
    const userToken = await signIn(user!);
    expect((await call(userToken, 'PUT', '/v1/firm/security', { requireTotp: true })).status).toBe(403);
    const changed = await call(adminToken, 'PUT', '/v1/firm/security', { requireTotp: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ requireTotp: true });
    expect(await outboxCount('firm.security-changed', await firmOf(admin!))).toBe(1);

    const outsiderToken = await signIn(outsider!);
    expect((await call(outsiderToken, 'GET', '/v1/firm/security')).body).toEqual({ requireTotp: false });
    expect((await call(outsiderToken, 'GET', '/v1/users')).status).toBe(200);

    // The user without TOTP gets a token that can only enrol.
    const enrolmentOnly = await signIn(user!);
    const refused = await call(enrolmentOnly, 'POST', '/v1/me/password', {
      currentPassword: user!.password,
      newPassword: 'a long and quiet passphrase for the firm',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('totp_enrolment_required');
    expect(refused.body.detail).toContain('POST /v1/me/totp');
    expect((await call(enrolmentOnly, 'GET', '/v1/matters')).status).toBe(403);
    const { app: device } = await enrol(enrolmentOnly);
    expect((await grant(user!)).body.code).toBe('totp_required');
    const full = await signIn(user!, { totp: device.next() });
    const disable = await call(full, 'POST', '/v1/me/totp/disable', { password: user!.password });
    expect(disable.status).toBe(204);
    // Off again, so the firm's rule applies again: enrolment only.
    const again = await signIn(user!);
    expect((await call(again, 'POST', '/v1/me/totp/disable', { password: user!.password })).status).toBe(403);
  });

  async function firmOf(user: SeededUser): Promise<string> {
    return withOwner(async (client) => {
      await client.query(`SELECT set_config('app.scope', 'authn', false)`);
      const rows = await client.query<{ firm_id: string }>(`SELECT firm_id FROM users WHERE id = $1`, [
        user.id,
      ]);
      return rows.rows[0]!.firm_id;
    });
  }

  it('disables with a current code or the password only', async () => {
    const [user] = await seedFirm(['attorney']);
    const { app: device } = await enrol(await signIn(user!));
    const token = await signIn(user!, { totp: device.next() });
    const neither = await call(token, 'POST', '/v1/me/totp/disable', {});
    expect(neither.status).toBe(400);
    const wrongPassword = await call(token, 'POST', '/v1/me/totp/disable', { password: 'not the password' });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    const wrongCode = await call(token, 'POST', '/v1/me/totp/disable', { code: device.wrong() });
    expect(wrongCode.status).toBe(400);
    expect((await grant(user!)).body.code).toBe('totp_required');
    const disabled = await call(token, 'POST', '/v1/me/totp/disable', { password: user!.password });
    expect(disabled.status).toBe(204);
    expect(await outboxCount('user.totp-disabled', user!.id)).toBe(1);
    expect((await grant(user!)).status).toBe(200);
    expect((await call(token, 'POST', '/v1/me/totp/disable', { password: user!.password })).status).toBe(409);
  });

  it('refuses malformed input with 400 naming the field', async () => {
    const [admin] = await seedFirm(['firm-admin']);
    const token = await signIn(admin!);
    for (const extra of [
      { totp: '12345' },
      { totp: 123456 },
      { totp: null },
      { recovery_code: 'nope' },
      { totp: '12345\u0000' },
    ]) {
      const answer = await grant(admin!, extra);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.length ?? 0).toBeGreaterThan(0);
    }
    for (const body of [{}, { requireTotp: 'yes' }, { requireTotp: null }, { requireTotp: true, extra: 1 }]) {
      const answer = await call(token, 'PUT', '/v1/firm/security', body);
      expect(answer.status).toBe(400);
    }
    for (const body of [{}, { code: 'abcdef' }, { code: ['123456'] }]) {
      expect((await call(token, 'POST', '/v1/me/totp/confirm', body)).status).toBe(400);
    }
    expect((await call(token, 'GET', '/v1/firm/security')).body).toEqual({ requireTotp: false });
  });
});
