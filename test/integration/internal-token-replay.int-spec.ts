/**
 * Internal tokens are bound to their request (issue 10): a token captured between the gateway and
 * a service, presented again to that service, is refused with 401 problem+json and changes
 * nothing, whether it is replayed to the same path or used for another one. The gateway and intake
 * run in this process over real HTTP, against the test PostgreSQL and Kafka; a wiretap between
 * them records each internal token the gateway sends and passes the request on unchanged.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadSigningKey, TokenIssuer } from '@lawfirm/auth';
import { createServiceApp, loadConfig } from '@lawfirm/platform';
import { bootService, internalTokenFor, newFirmId, serviceTestEnv, testKeys } from '@lawfirm/testing';
import { gatewayOptions } from '../../services/gateway/src/main';
import { AppModule as IntakeModule } from '../../services/intake/src/app.module';
import { IntakeConfig } from '../../services/intake/src/config';

const NOWHERE = 'http://127.0.0.1:9';

interface Captured {
  method: string;
  url: string;
  authorization: string;
}

/** Passes every request to `target` as it came, remembering the Authorization header it carried. */
async function wiretap(target: string, captured: Captured[]): Promise<Server> {
  const read = async (request: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const server = createServer((request, response) => {
    void (async () => {
      const method = request.method ?? 'GET';
      const url = request.url ?? '/';
      captured.push({ method, url, authorization: request.headers.authorization ?? '' });
      const headers: Record<string, string> = {};
      for (const name of [
        'authorization',
        'content-type',
        'x-request-id',
        'x-correlation-id',
        'traceparent',
      ]) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = method === 'GET' ? undefined : await read(request);
      const answer = await fetch(`${target}${url}`, { method, headers, ...(body ? { body } : {}) });
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'text/plain',
      });
      response.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => {
      response.writeHead(502);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('Internal tokens captured on the way to a service', () => {
  let intake: NestFastifyApplication;
  let gateway: NestFastifyApplication;
  let tap: Server;
  let intakeUrl: string;
  let gatewayUrl: string;
  const captured: Captured[] = [];

  beforeAll(async () => {
    intake = await bootService('intake', (logger) =>
      IntakeModule.register(loadConfig(IntakeConfig, serviceTestEnv('intake')), logger),
    );
    await intake.listen({ port: 0, host: '127.0.0.1' });
    intakeUrl = (await intake.getUrl()).replace('[::1]', '127.0.0.1');
    tap = await wiretap(intakeUrl, captured);
    const env = serviceTestEnv('gateway', {
      GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey,
      INTAKE_URL: `http://127.0.0.1:${(tap.address() as AddressInfo).port}`,
      TIMEKEEPING_URL: NOWHERE,
      BILLING_URL: NOWHERE,
      DOCKET_URL: NOWHERE,
      DOCUMENT_URL: NOWHERE,
      ADMIN_GATEWAY_URL: NOWHERE,
    });
    gateway = await createServiceApp(await gatewayOptions(env));
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    gatewayUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await gateway?.close();
    await new Promise((resolve) => tap?.close(resolve));
    await intake?.close();
  });

  async function accessToken(firmId: string): Promise<string> {
    const issuer = new TokenIssuer(await loadSigningKey(testKeys().gatewaySigningKey), 'lawfirm-gateway');
    return issuer.sign(
      'lawfirm-api',
      {
        firmId,
        subject: randomUUID(),
        actorType: 'user',
        roles: ['firm-admin', 'attorney', 'billing'],
        scopes: [],
      },
      300,
    );
  }

  async function call(
    base: string,
    token: string,
    method: string,
    path: string,
    body?: object,
  ): Promise<{ status: number; contentType: string | null; body: Record<string, unknown> }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: token.startsWith('Bearer ') ? token : `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  /** The internal token the gateway sent for the last request through the wiretap to `method path`. */
  function capturedFor(method: string, path: string): string {
    const found = captured.filter((entry) => entry.method === method && entry.url === path).at(-1);
    if (!found) throw new Error(`no internal token captured for ${method} ${path}`);
    return found.authorization;
  }

  function expectRefused(response: {
    status: number;
    contentType: string | null;
    body: Record<string, unknown>;
  }) {
    expect(response.status).toBe(401);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  }

  it('refuses a captured POST token replayed to the same path, and creates nothing more', async () => {
    const firmId = newFirmId();
    const token = await accessToken(firmId);
    const body = { kind: 'company', name: `Replay ${randomUUID().slice(0, 8)}` };
    const created = await call(gatewayUrl, token, 'POST', '/v1/clients', body);
    expect(created.status).toBe(201);
    const internal = capturedFor('POST', '/v1/clients');
    expect(internal).toMatch(/^Bearer /);

    expectRefused(await call(intakeUrl, internal, 'POST', '/v1/clients', body));

    const listed = await call(gatewayUrl, token, 'GET', '/v1/clients');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id })]);
  });

  it('refuses a captured token used for another path, another query or another method', async () => {
    const firmId = newFirmId();
    const token = await accessToken(firmId);
    const created = await call(gatewayUrl, token, 'POST', '/v1/clients', {
      kind: 'person',
      name: 'Ada Tapped',
    });
    expect(created.status).toBe(201);
    const path = `/v1/clients/${String(created.body.id)}`;
    expect((await call(gatewayUrl, token, 'GET', path)).status).toBe(200);
    const internal = capturedFor('GET', path);

    expectRefused(await call(intakeUrl, internal, 'GET', '/v1/clients'));
    expectRefused(await call(intakeUrl, internal, 'GET', `${path}?view=full`));
    expectRefused(await call(intakeUrl, internal, 'POST', `${path}/names`, { name: 'Ada Other' }));
    // And, last, the very request it was minted for: already used by the gateway's call.
    expectRefused(await call(intakeUrl, internal, 'GET', path));
    // The gateway itself keeps working: each of its calls carries a fresh token.
    expect((await call(gatewayUrl, token, 'GET', path)).status).toBe(200);
  });

  it("refuses a token minted under another service's key", async () => {
    const path = '/v1/clients';
    const forBilling = internalTokenFor('billing', { method: 'GET', url: path }, newFirmId());

    expectRefused(await call(intakeUrl, forBilling, 'GET', path));
  });
});
