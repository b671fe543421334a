/**
 * The walking skeleton through the gateway, with every service running as a real process
 * on a real broker: client → matter → time entry → submit → approve → work in progress.
 * Calls go through the client typed by the gateway's OpenAPI document (support/gateway-client).
 */
import { request as httpRequest } from 'node:http';
import { eventually } from '@lawfirm/testing';
import { buildApiDocuments } from '@lawfirm/dev-stack';
import type { components } from './support/api';
import { gatewayClient, signIn, type Gateway } from './support/gateway-client';
import { createFirm, startTestStack, type TestFirm, type TestStack } from './support/test-stack';

type Schemas = components['schemas'];

/** A body the document forbids, sent on purpose to see the gateway refuse it. */
const outsideTheDocument = <T>(body: unknown): T => body as T;

describe('Walking skeleton through the gateway', () => {
  let env: TestStack;
  let firm: TestFirm;
  let api: Gateway;
  let anonymous: Gateway;

  beforeAll(async () => {
    env = await startTestStack();
    firm = await createFirm();
    api = await signIn(env.gatewayUrl, firm);
    anonymous = gatewayClient(env.gatewayUrl);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('issues a bearer token for a password grant and publishes its verification keys', async () => {
    const jwks = await anonymous.GET('/.well-known/jwks.json');
    expect(jwks.response.status).toBe(200);
    expect(jwks.data?.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.data?.keys[0]).not.toHaveProperty('d');
  });

  it('refuses a wrong password and an unknown grant type with problem+json', async () => {
    const wrong = await anonymous.POST('/v1/auth/token', {
      body: { grant_type: 'password', username: firm.adminEmail, password: 'nope' },
    });
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.error?.code).toBe('invalid_grant');
    const unknown = await anonymous.POST('/v1/auth/token', {
      body: outsideTheDocument<Schemas['TokenRequestDto']>({ grant_type: 'implicit' }),
    });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error?.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'grant_type' })]),
    );
  });

  it('lets a firm admin issue integration credentials that work until revoked', async () => {
    const created = await api.POST('/v1/api-clients', {
      body: { name: 'Accounting sync', roles: ['billing'] },
    });
    expect(created.response.status).toBe(201);
    const credentials = created.data!;
    expect(credentials.clientId).toMatch(/^lfc_/);
    expect(credentials.clientSecret).toMatch(/^lfs_/);
    const listed = await api.GET('/v1/api-clients');
    expect(JSON.stringify(listed.data)).not.toContain(credentials.clientSecret);

    const grant = {
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    } as const;
    const token = await anonymous.POST('/v1/auth/token', { body: grant });
    expect(token.response.status).toBe(200);
    const integration = gatewayClient(env.gatewayUrl, token.data!.access_token);
    expect((await integration.GET('/v1/matters')).response.status).toBe(200);
    // A billing integration may read but not open matters.
    const opened = await integration.POST('/v1/clients', { body: { kind: 'person', name: 'Nope' } });
    expect(opened.response.status).toBe(403);

    const revoked = await api.POST('/v1/api-clients/{id}/revoke', {
      params: { path: { id: credentials.id } },
    });
    expect(revoked.data?.revokedAt).toEqual(expect.any(String));
    const refused = await anonymous.POST('/v1/auth/token', { body: grant });
    expect(refused.response.status).toBe(401);
    expect(refused.error?.code).toBe('invalid_client');
    const invalid = await api.POST('/v1/api-clients', {
      body: outsideTheDocument<Schemas['CreateApiClientDto']>({ name: 'Bad', roles: ['emperor'] }),
    });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.errors?.[0]?.field).toBe('roles');
  });

  it('refuses a request without a token', async () => {
    const response = await anonymous.GET('/v1/matters');
    expect(response.response.status).toBe(401);
    expect(response.error?.code).toBe('unauthenticated');
  });

  it('refuses an anonymous large batch before reading its body', async () => {
    // Raw HTTP on purpose: the request declares a body it never sends, which no client would do.
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

    const anonymousAnswer = await answer();
    expect(anonymousAnswer).toEqual({
      status: 401,
      body: expect.objectContaining({ code: 'unauthenticated' }),
    });
    const forged = await answer('Bearer not.a.token');
    expect(forged).toEqual({ status: 401, body: expect.objectContaining({ code: 'unauthenticated' }) });
  });

  it('carries approved time from a new matter into billing work in progress', async () => {
    const client = await api.POST('/v1/clients', {
      body: { kind: 'company', name: 'Acme Corporation', email: 'legal@acme.test' },
    });
    expect(client.response.status).toBe(201);
    const clientId = client.data!.id;
    const opened = await api.POST('/v1/matters', {
      body: { clientId, title: 'Acme v. Globex', practiceArea: 'commercial-litigation' },
    });
    expect(opened.response.status).toBe(201);
    const matter = opened.data!;
    expect(matter).toMatchObject({ status: 'open', clientId });
    expect(matter.number).toMatch(/^\d{4}-\d{4}$/);
    const fetched = await api.GET('/v1/matters/{id}', { params: { path: { id: matter.id } } });
    expect(fetched.data?.number).toBe(matter.number);

    // Timekeeping learns of the matter from intake.matter.opened.
    const entry = await eventually(async () => {
      const created = await api.POST('/v1/time-entries', {
        body: {
          matterId: matter.id,
          workDate: '2026-11-20',
          minutes: 72,
          narrative: 'Drafted the complaint',
          billable: true,
        },
      });
      return created.response.status === 201 ? created.data : undefined;
    });
    expect(entry).toMatchObject({ status: 'draft', minutes: 72, billedTenths: 12 });
    const byId = { params: { path: { id: entry.id } } };

    const early = await api.POST('/v1/time-entries/{id}/approve', byId);
    expect(early.response.status).toBe(409);
    expect(early.error?.code).toBe('invalid_transition');

    expect((await api.POST('/v1/time-entries/{id}/submit', byId)).data?.status).toBe('submitted');
    expect((await api.POST('/v1/time-entries/{id}/approve', byId)).data?.status).toBe('approved');

    const wip = await eventually(async () => {
      const response = await api.GET('/v1/matters/{id}/wip', { params: { path: { id: matter.id } } });
      return response.data?.entryCount === 1 ? response.data : undefined;
    });
    expect(wip).toMatchObject({ matterId: matter.id, totalMinutes: 72, totalBilledTenths: 12 });
    expect(wip.items[0]).toMatchObject({
      timeEntryId: entry.id,
      minutes: 72,
      narrative: 'Drafted the complaint',
    });
  });

  it('runs a request with an Idempotency-Key once, answering retries with the first answer', async () => {
    const own = await signIn(env.gatewayUrl, await createFirm());
    const other = await signIn(env.gatewayUrl, await createFirm());
    const keyed = (key: string) => ({ params: { header: { 'Idempotency-Key': key } } });
    const key = `create-client-${Date.now()}`;
    const client: Schemas['CreateClientDto'] = { kind: 'company', name: 'Retry Holdings Ltd' };

    const first = await own.POST('/v1/clients', { body: client, ...keyed(key) });
    expect(first.response.status).toBe(201);
    expect(first.response.headers.get('idempotent-replayed')).toBeNull();
    const retry = await own.POST('/v1/clients', { body: client, ...keyed(key) });
    expect(retry.response.status).toBe(201);
    expect(retry.data?.id).toBe(first.data?.id);
    expect(retry.response.headers.get('idempotent-replayed')).toBe('true');
    // The same new request three times at once: it runs once; the others get its answer or 409 "in progress".
    const burstKey = `burst-${Date.now()}`;
    const burstClient: Schemas['CreateClientDto'] = { kind: 'company', name: 'Concurrent Retry LLP' };
    const burst = await Promise.all(
      [1, 2, 3].map(() => own.POST('/v1/clients', { body: burstClient, ...keyed(burstKey) })),
    );
    const created = burst.filter((answer) => answer.response.status === 201);
    expect(new Set(created.map((answer) => answer.data?.id)).size).toBe(1);
    for (const answer of burst.filter((each) => each.response.status !== 201)) {
      expect(answer.response.status).toBe(409);
      expect(answer.error?.code).toBe('idempotency_in_progress');
    }
    const settled = await own.POST('/v1/clients', { body: burstClient, ...keyed(burstKey) });
    expect(settled.data?.id).toBe(created[0]!.data?.id);

    const reused = await own.POST('/v1/clients', {
      body: { ...client, name: 'Another Name' },
      ...keyed(key),
    });
    expect(reused.response.status).toBe(422);
    expect(reused.error).toMatchObject({
      code: 'idempotency_key_reused',
      errors: [{ field: 'Idempotency-Key' }],
    });
    const malformed = await own.POST('/v1/clients', { body: client, ...keyed('x'.repeat(256)) });
    expect(malformed.response.status).toBe(400);
    expect(malformed.error?.errors?.[0]?.field).toBe('Idempotency-Key');

    // Another firm's key space is its own.
    const elsewhere = await other.POST('/v1/clients', { body: client, ...keyed(key) });
    expect(elsewhere.response.status).toBe(201);
    expect(elsewhere.data?.id).not.toBe(first.data?.id);

    // A refused request's answer is kept too: a retry does not slip past the first answer.
    const badKey = `bad-client-${Date.now()}`;
    const alien = outsideTheDocument<Schemas['CreateClientDto']>({ kind: 'alien', name: 'X' });
    const invalid = await own.POST('/v1/clients', { body: alien, ...keyed(badKey) });
    const invalidAgain = await own.POST('/v1/clients', { body: alien, ...keyed(badKey) });
    expect([invalid.response.status, invalidAgain.response.status]).toEqual([400, 400]);
    expect(invalidAgain.response.headers.get('idempotent-replayed')).toBe('true');

    const listed = await own.GET('/v1/clients', { params: { query: { limit: 200 } } });
    const named = (name: string) => listed.data!.items.filter((item) => item.name === name);
    expect(named(client.name)).toHaveLength(1);
    expect(named(burstClient.name)).toHaveLength(1);
  });

  it('refuses time on a matter it has never heard of, with a field-level error', async () => {
    const response = await api.POST('/v1/time-entries', {
      body: {
        matterId: '00000000-0000-4000-8000-000000000001',
        workDate: '2026-11-20',
        minutes: 30,
        narrative: 'Call',
      },
    });
    expect(response.response.status).toBe(422);
    expect(response.error?.errors?.[0]?.field).toBe('matterId');
  });

  it('rejects invalid input with every field named and creates nothing', async () => {
    const before = await api.GET('/v1/clients', { params: { query: { limit: 200 } } });
    const response = await api.POST('/v1/clients', {
      body: outsideTheDocument<Schemas['CreateClientDto']>({ kind: 'alien', name: '', extra: true }),
    });
    expect(response.response.status).toBe(400);
    expect(response.response.headers.get('content-type')).toContain('application/problem+json');
    const fields = (response.error?.errors ?? []).map((error) => error.field).sort();
    expect(fields).toEqual(['extra', 'kind', 'name']);
    const after = await api.GET('/v1/clients', { params: { query: { limit: 200 } } });
    expect(after.data?.items.length).toBe(before.data?.items.length);
  });

  it('pages lists with an opaque cursor', async () => {
    for (let i = 0; i < 3; i += 1) {
      await api.POST('/v1/clients', { body: { kind: 'person', name: `Page Person ${i}` } });
    }
    const first = await api.GET('/v1/clients', { params: { query: { limit: 2 } } });
    expect(first.data?.items).toHaveLength(2);
    const cursor = first.data?.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const second = await api.GET('/v1/clients', { params: { query: { limit: 2, cursor: cursor! } } });
    const ids = [...first.data!.items, ...second.data!.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const bad = await api.GET('/v1/clients', { params: { query: { cursor: 'not-a-cursor' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.[0]?.field).toBe('cursor');
  });

  it('serves the OpenAPI document the typed client is generated from, and the docs page', async () => {
    // Raw fetches: the document and its page are not operations of the document itself.
    const served = await fetch(`${env.gatewayUrl}/openapi.json`);
    expect(served.status).toBe(200);
    const document = (await served.json()) as Awaited<ReturnType<typeof buildApiDocuments>>['public'];
    // What `npm run openapi` builds without a stack (and api.d.ts is generated from) is what the
    // running gateway serves, so a test passing on the typed client passes on the real API.
    expect(document).toEqual((await buildApiDocuments()).public);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/auth/token',
        '/v1/clients',
        '/v1/matters/{id}',
        '/v1/time-entries/{id}/approve',
        '/v1/matters/{id}/wip',
        '/v1/audit',
        '/v1/timekeeper-classifications',
      ]),
    );
    const keyParameter = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(document.components?.parameters?.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
    });
    expect(document.paths['/v1/clients']?.post?.parameters).toContainEqual(keyParameter);
    expect(document.paths['/v1/clients']?.get?.parameters ?? []).not.toContainEqual(keyParameter);
    expect(document.paths['/v1/auth/token']?.post?.parameters ?? []).not.toContainEqual(keyParameter);
    const page = await fetch(`${env.gatewayUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
  });
});
