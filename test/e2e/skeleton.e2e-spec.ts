/**
 * The walking skeleton through the gateway, with every service running as a real process
 * on a real broker: client → matter → time entry → submit → approve → work in progress.
 */
import { request as httpRequest } from 'node:http';
import { eventually } from '@lawfirm/testing';
import { Api, createFirm, startTestStack, type TestFirm, type TestStack } from './support/test-stack';

describe('Walking skeleton through the gateway', () => {
  let env: TestStack;
  let firm: TestFirm;
  let api: Api;

  beforeAll(async () => {
    env = await startTestStack();
    firm = await createFirm();
    api = await Api.login(env.gatewayUrl, firm);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('issues a bearer token for a password grant and publishes its verification keys', async () => {
    const anonymous = new Api(env.gatewayUrl);
    const jwks = await anonymous.call('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.body.keys[0].d).toBeUndefined();
  });

  it('refuses a wrong password and an unknown grant type with problem+json', async () => {
    const anonymous = new Api(env.gatewayUrl);
    const wrong = await anonymous.call('POST', '/v1/auth/token', { grant_type: 'password', username: firm.adminEmail, password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body.code).toBe('invalid_grant');
    const unknown = await anonymous.call('POST', '/v1/auth/token', { grant_type: 'implicit' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'grant_type' })]));
  });

  it('lets a firm admin issue integration credentials that work until revoked', async () => {
    const created = await api.call('POST', '/v1/api-clients', { name: 'Accounting sync', roles: ['billing'] });
    expect(created.status).toBe(201);
    expect(created.body.clientId).toMatch(/^lfc_/);
    expect(created.body.clientSecret).toMatch(/^lfs_/);
    const listed = await api.call('GET', '/v1/api-clients');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.clientSecret);

    const anonymous = new Api(env.gatewayUrl);
    const grant = { grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: created.body.clientSecret };
    const token = await anonymous.call('POST', '/v1/auth/token', grant);
    expect(token.status).toBe(200);
    const integration = new Api(env.gatewayUrl, token.body.access_token);
    expect((await integration.call('GET', '/v1/matters')).status).toBe(200);
    // A billing integration may read but not open matters.
    expect((await integration.call('POST', '/v1/clients', { kind: 'person', name: 'Nope' })).status).toBe(403);

    expect((await api.call('POST', `/v1/api-clients/${created.body.id}/revoke`)).body.revokedAt).toEqual(expect.any(String));
    const refused = await anonymous.call('POST', '/v1/auth/token', grant);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_client');
    const invalid = await api.call('POST', '/v1/api-clients', { name: 'Bad', roles: ['emperor'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].field).toBe('roles');
  });

  it('refuses a request without a token', async () => {
    const response = await new Api(env.gatewayUrl).call('GET', '/v1/matters');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
  });

  it('refuses an anonymous large batch before reading its body', async () => {
    // Declares 8 MiB but sends 1 KiB: an answer can only come if the gateway decided without the body.
    const declared = 8 * 1024 * 1024;
    const answer = (authorization?: string) =>
      new Promise<{ status: number; body: { code?: string } }>((resolve, reject) => {
        const request = httpRequest(`${env.gatewayUrl}/v1/time-entries:batch`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(declared),
            ...(authorization ? { authorization } : {}),
          },
        });
        request.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => {
            request.destroy();
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { code?: string } });
          });
        });
        request.on('error', reject);
        request.setTimeout(10_000, () => request.destroy(new Error('no answer without the body')));
        request.write('{"mode":"accept-valid","entries":[' + ' '.repeat(1024));
      });

    const anonymous = await answer();
    expect(anonymous).toEqual({ status: 401, body: expect.objectContaining({ code: 'unauthenticated' }) });
    const forged = await answer('Bearer not.a.token');
    expect(forged).toEqual({ status: 401, body: expect.objectContaining({ code: 'unauthenticated' }) });
  });

  it('carries approved time from a new matter into billing work in progress', async () => {
    const client = await api.call('POST', '/v1/clients', { kind: 'company', name: 'Acme Corporation', email: 'legal@acme.test' });
    expect(client.status).toBe(201);
    const matter = await api.call('POST', '/v1/matters', { clientId: client.body.id, title: 'Acme v. Globex', practiceArea: 'commercial-litigation' });
    expect(matter.status).toBe(201);
    expect(matter.body).toMatchObject({ status: 'open', clientId: client.body.id });
    expect(matter.body.number).toMatch(/^\d{4}-\d{4}$/);
    expect((await api.call('GET', `/v1/matters/${matter.body.id}`)).body.number).toBe(matter.body.number);

    // Timekeeping learns of the matter from intake.matter.opened.
    const entry = await eventually(async () => {
      const created = await api.call('POST', '/v1/time-entries', {
        matterId: matter.body.id,
        workDate: '2026-11-20',
        minutes: 72,
        narrative: 'Drafted the complaint',
        billable: true,
      });
      return created.status === 201 ? created.body : undefined;
    });
    expect(entry).toMatchObject({ status: 'draft', minutes: 72, billedTenths: 12 });

    const early = await api.call('POST', `/v1/time-entries/${entry.id}/approve`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('invalid_transition');

    expect((await api.call('POST', `/v1/time-entries/${entry.id}/submit`)).body.status).toBe('submitted');
    expect((await api.call('POST', `/v1/time-entries/${entry.id}/approve`)).body.status).toBe('approved');

    const wip = await eventually(async () => {
      const response = await api.call('GET', `/v1/matters/${matter.body.id}/wip`);
      return response.status === 200 && response.body.entryCount === 1 ? response.body : undefined;
    });
    expect(wip).toMatchObject({ matterId: matter.body.id, totalMinutes: 72, totalBilledTenths: 12 });
    expect(wip.items[0]).toMatchObject({ timeEntryId: entry.id, minutes: 72, narrative: 'Drafted the complaint' });
  });

  it('runs a request with an Idempotency-Key once, answering retries with the first answer', async () => {
    const own = await Api.login(env.gatewayUrl, await createFirm());
    const other = await Api.login(env.gatewayUrl, await createFirm());
    const key = { 'Idempotency-Key': `create-client-${Date.now()}` };
    const client = { kind: 'company', name: 'Retry Holdings Ltd' };

    const first = await own.call('POST', '/v1/clients', client, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await own.call('POST', '/v1/clients', client, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // The same new request three times at once: it runs once; the others get its answer or 409 "in progress".
    const burstKey = { 'Idempotency-Key': `burst-${Date.now()}` };
    const burstClient = { kind: 'company', name: 'Concurrent Retry LLP' };
    const burst = await Promise.all([1, 2, 3].map(() => own.call('POST', '/v1/clients', burstClient, burstKey)));
    const created = burst.filter((answer) => answer.status === 201);
    expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
    for (const answer of burst.filter((each) => each.status !== 201)) {
      expect(answer).toMatchObject({ status: 409, body: { code: 'idempotency_in_progress' } });
    }
    const settled = await own.call('POST', '/v1/clients', burstClient, burstKey);
    expect(settled.body.id).toBe(created[0]!.body.id);

    const reused = await own.call('POST', '/v1/clients', { ...client, name: 'Another Name' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused', errors: [{ field: 'Idempotency-Key' }] });
    const malformed = await own.call('POST', '/v1/clients', client, { 'Idempotency-Key': 'x'.repeat(256) });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('Idempotency-Key');

    // Another firm's key space is its own.
    const elsewhere = await other.call('POST', '/v1/clients', client, key);
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.id).not.toBe(first.body.id);

    // A refused request's answer is kept too: a retry does not slip past the first answer.
    const badKey = { 'Idempotency-Key': `bad-client-${Date.now()}` };
    const invalid = await own.call('POST', '/v1/clients', { kind: 'alien', name: 'X' }, badKey);
    const invalidAgain = await own.call('POST', '/v1/clients', { kind: 'alien', name: 'X' }, badKey);
    expect([invalid.status, invalidAgain.status]).toEqual([400, 400]);
    expect(invalidAgain.headers.get('idempotent-replayed')).toBe('true');

    const listed = await own.call('GET', '/v1/clients?limit=200');
    const named = (name: string) => listed.body.items.filter((item: { name: string }) => item.name === name);
    expect(named(client.name)).toHaveLength(1);
    expect(named(burstClient.name)).toHaveLength(1);
  });

  it('refuses time on a matter it has never heard of, with a field-level error', async () => {
    const response = await api.call('POST', '/v1/time-entries', {
      matterId: '00000000-0000-4000-8000-000000000001',
      workDate: '2026-11-20',
      minutes: 30,
      narrative: 'Call',
    });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].field).toBe('matterId');
  });

  it('rejects invalid input with every field named and creates nothing', async () => {
    const before = await api.call('GET', '/v1/clients?limit=200');
    const response = await api.call('POST', '/v1/clients', { kind: 'alien', name: '', extra: true });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['extra', 'kind', 'name']);
    const after = await api.call('GET', '/v1/clients?limit=200');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('pages lists with an opaque cursor', async () => {
    for (let i = 0; i < 3; i += 1) await api.call('POST', '/v1/clients', { kind: 'person', name: `Page Person ${i}` });
    const first = await api.call('GET', '/v1/clients?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.call('GET', `/v1/clients?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const bad = await api.call('GET', '/v1/clients?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('cursor');
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const document = await new Api(env.gatewayUrl).call('GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/v1/auth/token', '/v1/clients', '/v1/matters/{id}', '/v1/time-entries/{id}/approve', '/v1/matters/{id}/wip', '/v1/audit', '/v1/timekeeper-classifications']),
    );
    const keyParameter = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(document.body.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
    expect(document.body.paths['/v1/clients'].post.parameters).toContainEqual(keyParameter);
    expect(document.body.paths['/v1/clients'].get.parameters ?? []).not.toContainEqual(keyParameter);
    expect(document.body.paths['/v1/auth/token'].post.parameters ?? []).not.toContainEqual(keyParameter);
    const page = await fetch(`${env.gatewayUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
  });
});
