/**
 * The operations team reads a firm's audit trail only with a stated reason (and that read is
 * itself audited), and the verify endpoint finds a record edited or deleted behind the app's back.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { hashSecret } from '@lawfirm/auth';
import { useExistingServer } from '@lawfirm/dev-postgres';
import { eventually } from '@lawfirm/testing';
import { passwordToken, signIn, type Gateway } from './support/gateway-client';
import { Api, createFirm, startTestStack, type TestFirm, type TestStack } from './support/test-stack';

async function adminDb(): Promise<Client> {
  const pg = await useExistingServer(process.env.TEST_PG_SUPERUSER_URL ?? '');
  const client = new Client({ connectionString: pg.ownerUrl('admin-gateway') });
  await client.connect();
  return client;
}

describe('Audit trail and its hash chain', () => {
  let env: TestStack;
  let firm: TestFirm;
  let api: Gateway;
  // The admin gateway's routes are not in the public document: the operator calls them raw.
  let ops: Api;

  beforeAll(async () => {
    env = await startTestStack();
    firm = await createFirm();
    api = await signIn(env.gatewayUrl, firm);
    const email = `ops-${randomUUID().slice(0, 8)}@platform.test`;
    const db = await adminDb();
    try {
      await db.query(
        `INSERT INTO ops_users (id, email, display_name, password_hash, roles) VALUES (gen_random_uuid(), $1, 'Ops', $2, $3)`,
        [email, await hashSecret('ops-password'), ['ops-admin']],
      );
    } finally {
      await db.end();
    }
    const token = await fetch(`${env.adminUrl}/admin/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: email, password: 'ops-password' }),
    });
    ops = new Api(env.adminUrl, ((await token.json()) as { access_token: string }).access_token);
    for (let i = 0; i < 3; i += 1)
      await api.POST('/v1/clients', { body: { kind: 'person', name: `Audited ${i}` } });
    await api.GET('/v1/clients/{id}', { params: { path: { id: randomUUID() } } });
    await eventually(async () => ((await trail()).length >= 8 ? true : undefined));
  });

  const trail = async () =>
    (await api.GET('/v1/audit', { params: { query: { limit: 200 } } })).data?.items ?? [];

  afterAll(async () => {
    await env?.stop();
  });

  it("shows a firm admin their firm's trail, newest first, with refused requests", async () => {
    const items = await trail();
    const seqs = items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(items.some((item) => item.action === 'GET /v1/clients/:id' && item.status === 404)).toBe(true);
    expect(items.filter((item) => item.action === 'client.created')).toHaveLength(3);
  });

  it("chains requests with a forged X-Forwarded-For or a 300-character path into the firm's trail, under the peer's address", async () => {
    const token = await passwordToken(env.gatewayUrl, firm.adminEmail, firm.password);
    const send = async (path: string, forwardedFor?: string) => {
      const response = await fetch(`${env.gatewayUrl}${path}`, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      });
      await response.arrayBuffer();
      return { status: response.status, requestId: response.headers.get('x-request-id') ?? '' };
    };
    const notAnIp = await send('/v1/clients', 'not-an-ip');
    const forged = await send('/v1/clients', '203.0.113.66');
    const longPath = `/v1/clients/${'a'.repeat(290)}`;
    const long = await send(longPath);
    expect(notAnIp.status).toBe(200);

    const sent = [notAnIp, forged, long];
    const found = await eventually(async () => {
      const items = await trail();
      const records = sent.map((request) => items.find((item) => item.requestId === request.requestId));
      return records.every(Boolean) ? records : undefined;
    });
    for (const [index, record] of found.entries()) {
      expect(record).toMatchObject({ status: sent[index]?.status, seq: expect.any(Number) });
      // The caller's peer, not what it wrote in X-Forwarded-For (no proxy is trusted by default).
      expect(['127.0.0.1', '::1', '::ffff:127.0.0.1']).toContain(record?.ip);
    }
    // The route fits its 500 characters; the action (200 at most) is cut with a marker, not dropped.
    expect(found[2]?.route).toBe(longPath);
    expect(found[2]?.action).toHaveLength(200);
    expect(found[2]?.action.startsWith(`GET ${longPath.slice(0, 100)}`)).toBe(true);
    expect(found[2]?.action.endsWith('…[truncated]')).toBe(true);
  });

  it("records a caller's X-Request-Id only as clientRequestId, refusals before authentication in the token's firm, anonymous ones in the platform trail", async () => {
    const token = await passwordToken(env.gatewayUrl, firm.adminEmail, firm.password);
    const send = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
      const response = await fetch(`${env.gatewayUrl}${path}`, { method, headers, body });
      await response.arrayBuffer();
      return { status: response.status, requestId: response.headers.get('x-request-id') };
    };
    const ids = {
      supplied: `caller-chosen-${randomUUID()}`,
      badBody: `bad-body-${randomUUID()}`,
      anonymous: `anonymous-${randomUUID()}`,
      anonymousBadBody: `anonymous-bad-body-${randomUUID()}`,
    };
    const json = { 'content-type': 'application/json' };
    const supplied = await send('GET', '/v1/clients', {
      authorization: `Bearer ${token}`,
      'x-request-id': ids.supplied,
    });
    expect(supplied.status).toBe(200);
    expect(supplied.requestId).not.toBe(ids.supplied);
    const badBody = await send(
      'POST',
      '/v1/clients',
      { ...json, authorization: `Bearer ${token}`, 'x-request-id': ids.badBody },
      '{"kind":',
    );
    expect(badBody.status).toBe(400);
    expect((await send('GET', '/v1/clients', { 'x-request-id': ids.anonymous })).status).toBe(401);
    expect(
      (await send('POST', '/v1/clients', { ...json, 'x-request-id': ids.anonymousBadBody }, '{"kind":'))
        .status,
    ).toBe(400);

    const inFirm = await eventually(async () => {
      const items = await trail();
      const found = [ids.supplied, ids.badBody].map((id) =>
        items.find((item) => item.clientRequestId === id),
      );
      return found.every(Boolean) ? found : undefined;
    });
    expect(inFirm[0]).toMatchObject({ requestId: supplied.requestId, status: 200 });
    expect(inFirm[1]).toMatchObject({ actorType: 'user', status: 400, requestId: badBody.requestId });

    const platformTrail = await eventually(async () => {
      const page = await ops.call(
        'GET',
        '/admin/firms/00000000-0000-0000-0000-000000000000/audit?limit=200',
        undefined,
        {
          'x-access-reason': 'ticket OPS-51: anonymous refusals',
        },
      );
      const items = (page.body.items ?? []) as Array<{
        clientRequestId?: string;
        status?: number;
        actorType?: string;
      }>;
      const found = [ids.anonymous, ids.anonymousBadBody].map((id) =>
        items.find((item) => item.clientRequestId === id),
      );
      return found.every(Boolean) ? found : undefined;
    });
    expect(platformTrail).toEqual([
      expect.objectContaining({ actorType: 'anonymous', status: 401 }),
      expect.objectContaining({ actorType: 'anonymous', status: 400 }),
    ]);
    const own = await trail();
    expect(
      own.some(
        (item) => item.clientRequestId === ids.anonymous || item.clientRequestId === ids.anonymousBadBody,
      ),
    ).toBe(false);
  });

  it('refuses an operator without a stated reason, and audits the read when one is given', async () => {
    const refused = await ops.call('GET', `/admin/firms/${firm.firmId}/audit`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('X-Access-Reason');
    const read = await ops.call('GET', `/admin/firms/${firm.firmId}/audit?limit=5`, undefined, {
      'x-access-reason': 'ticket OPS-42: billing dispute',
    });
    expect(read.status).toBe(200);
    const own = await trail();
    expect(
      own.some(
        (item) => item.action === 'ops.audit.read' && item.reason === 'ticket OPS-42: billing dispute',
      ),
    ).toBe(true);
  });

  it('reports an intact chain, then finds an edited and a deleted record', async () => {
    const reason = { 'x-access-reason': 'quarterly integrity check' };
    const intact = await ops.call('GET', `/admin/firms/${firm.firmId}/audit/verify`, undefined, reason);
    expect(intact.body).toMatchObject({ intact: true, breaks: [] });
    expect(intact.body.checked).toBeGreaterThanOrEqual(8);

    const db = await adminDb();
    try {
      await db.query('BEGIN');
      await db.query(`SELECT set_config('app.firm_id', $1, true)`, [firm.firmId]);
      await db.query(
        `UPDATE audit_records SET body = jsonb_set(body, '{status}', '200') WHERE firm_id = $1 AND seq = 3`,
        [firm.firmId],
      );
      await db.query(`DELETE FROM audit_records WHERE firm_id = $1 AND seq = 5`, [firm.firmId]);
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
    const broken = await ops.call('GET', `/admin/firms/${firm.firmId}/audit/verify`, undefined, reason);
    expect(broken.body.intact).toBe(false);
    expect(broken.body.breaks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ seq: 3, reason: 'hash-mismatch' }),
        expect.objectContaining({ seq: 5, reason: 'missing-record' }),
      ]),
    );
  });

  it('lets the app role add audit records but never change or remove them', async () => {
    const pg = await useExistingServer(process.env.TEST_PG_SUPERUSER_URL ?? '');
    const app = new Client({ connectionString: pg.appUrl('admin-gateway') });
    await app.connect();
    try {
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.firm_id', $1, true)`, [firm.firmId]);
      await expect(
        app.query(`UPDATE audit_records SET hash = 'x' WHERE firm_id = $1`, [firm.firmId]),
      ).rejects.toThrow(/permission denied/);
      await app.query('ROLLBACK');
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.firm_id', $1, true)`, [firm.firmId]);
      await expect(app.query(`DELETE FROM audit_records WHERE firm_id = $1`, [firm.firmId])).rejects.toThrow(
        /permission denied/,
      );
      await app.query('ROLLBACK');
    } finally {
      await app.end();
    }
  });
});
