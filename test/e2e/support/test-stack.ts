/**
 * An end-to-end stack for one test file: every service and both gateways as real processes
 * on free ports, against the integration infrastructure's PostgreSQL and either its broker
 * or (for tests that stop the broker) an Apache Kafka broker of the file's own.
 */
import { SERVICES, useExistingServer, type ServiceName } from '@lawfirm/dev-postgres';
import {
  findFreePort,
  startKafka,
  type LocalKafkaHandle,
  type StartKafkaOptions,
} from '@lawfirm/local-kafka';
import { topicManifest } from '@lawfirm/contracts';
import { testBrokers, testKeys } from '@lawfirm/testing';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { hashSecret } from '@lawfirm/auth';
import { LOCAL_DIR, startStack, type Infra, type RunningStack, type StackOptions } from '@lawfirm/dev-stack';
import { passwordToken } from './gateway-client';

export interface TestStack {
  stack: RunningStack;
  gatewayUrl: string;
  adminUrl: string;
  infra: Infra;
  /** Where the processes' logs go. */
  logDir: string;
  /** SIGTERM (clean) by default; `SIGKILL` for a crash. The broker's data is kept for startBroker. */
  stopBroker(signal?: NodeJS.Signals): Promise<void>;
  startBroker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestStack(
  options: { ownBroker?: boolean; groupPrefix?: string; env?: StackOptions['env'] } = {},
): Promise<TestStack> {
  const superuserUrl = process.env.TEST_PG_SUPERUSER_URL;
  if (!superuserUrl) throw new Error('TEST_PG_SUPERUSER_URL is not set');
  const pg = await useExistingServer(superuserUrl);
  let broker: LocalKafkaHandle | undefined;
  let brokerOptions: StartKafkaOptions | undefined;
  if (options.ownBroker) {
    brokerOptions = {
      port: await findFreePort(),
      controllerPort: await findFreePort(),
      dataDir: join(LOCAL_DIR, 'kafka-runs', `e2e-${randomUUID().slice(0, 8)}`),
      fresh: true,
      topics: topicManifest(),
    };
    broker = await startKafka(brokerOptions);
  }
  const infra: Infra = { pg, brokers: broker?.brokers ?? testBrokers(), stop: async () => undefined };
  const ports = {} as Record<ServiceName, number>;
  for (const service of SERVICES) ports[service] = await findFreePort();
  const logDir = join(LOCAL_DIR, 'logs', `e2e-${randomUUID().slice(0, 8)}`);
  const stack = await startStack({
    infra,
    ports,
    keys: testKeys(),
    logDir,
    groupPrefix: options.groupPrefix ?? `e2e-${randomUUID().slice(0, 8)}.`,
    kafkaSessionTimeoutMs: 6000,
    logLevel: 'info',
    env: {
      ...options.env,
      // Every spec's stack shares the gateways' databases and signs in from 127.0.0.1: one spec's
      // wrong passwords (the fuzzer's) must not lock that source for the others. Accounts are per spec.
      gateway: { SIGN_IN_SOURCE_MAX_FAILURES: '100000', ...options.env?.gateway },
      'admin-gateway': { SIGN_IN_SOURCE_MAX_FAILURES: '100000', ...options.env?.['admin-gateway'] },
    },
  });
  return {
    stack,
    infra,
    logDir,
    gatewayUrl: stack.urls.gateway,
    adminUrl: stack.urls['admin-gateway'],
    stopBroker: async (signal) => {
      if (signal && signal !== 'SIGTERM') await broker?.kill(signal);
      else await broker?.stop();
      broker = undefined;
    },
    startBroker: async () => {
      if (!brokerOptions) throw new Error('only a stack with its own broker can restart it');
      broker = await startKafka({ ...brokerOptions, fresh: false });
    },
    stop: async () => {
      await stack.stop();
      await broker?.stop();
      if (brokerOptions) rmSync(brokerOptions.dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestFirm {
  firmId: string;
  slug: string;
  adminEmail: string;
  password: string;
}

/** Creates a firm and its admin straight in the gateway's database, as an operator would. */
export async function createFirm(roles = ['firm-admin', 'attorney', 'billing']): Promise<TestFirm> {
  const superuserUrl = process.env.TEST_PG_SUPERUSER_URL;
  if (!superuserUrl) throw new Error('TEST_PG_SUPERUSER_URL is not set');
  const pg = await useExistingServer(superuserUrl);
  const firmId = randomUUID();
  const slug = `firm-${firmId.slice(0, 8)}`;
  const firm: TestFirm = { firmId, slug, adminEmail: `admin@${slug}.test`, password: `pw-${randomUUID()}` };
  const client = new Client({ connectionString: pg.ownerUrl('gateway') });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
    await client.query(`INSERT INTO firms (id, slug, name) VALUES ($1, $2, $3)`, [
      firmId,
      slug,
      `Firm ${slug}`,
    ]);
    await client.query(
      `INSERT INTO users (id, firm_id, email, display_name, password_hash, roles) VALUES (gen_random_uuid(), $1, $2, 'Admin', $3, $4)`,
      [firmId, firm.adminEmail, await hashSecret(firm.password), roles],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return firm;
}

/** Adds a user with `roles` to a firm made by createFirm, straight in the gateway's database; its id. */
export async function addUser(firm: TestFirm, email: string, roles: string[]): Promise<string> {
  const superuserUrl = process.env.TEST_PG_SUPERUSER_URL;
  if (!superuserUrl) throw new Error('TEST_PG_SUPERUSER_URL is not set');
  const pg = await useExistingServer(superuserUrl);
  const client = new Client({ connectionString: pg.ownerUrl('gateway') });
  await client.connect();
  try {
    const id = randomUUID();
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.firm_id', $1, true)`, [firm.firmId]);
    await client.query(
      `INSERT INTO users (id, firm_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, 'User', $4, $5)`,
      [id, firm.firmId, email, await hashSecret(`pw-${randomUUID()}`), roles],
    );
    await client.query('COMMIT');
    return id;
  } finally {
    await client.end();
  }
}

/**
 * A raw JSON HTTP client, for what the typed client (./gateway-client) cannot say: the admin
 * gateway's routes (not in the public document), malformed requests, and the specs that check
 * processes and infrastructure rather than the API.
 */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  static async login(baseUrl: string, firm: TestFirm): Promise<Api> {
    return new Api(baseUrl, await passwordToken(baseUrl, firm.adminEmail, firm.password));
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
}

/** An operations user (role ops-admin) created in the admin gateway's database, and their token. */
export async function opsLogin(adminUrl: string): Promise<Api> {
  const superuserUrl = process.env.TEST_PG_SUPERUSER_URL;
  if (!superuserUrl) throw new Error('TEST_PG_SUPERUSER_URL is not set');
  const pg = await useExistingServer(superuserUrl);
  const email = `ops-${randomUUID().slice(0, 8)}@platform.test`;
  const password = `pw-${randomUUID()}`;
  const client = new Client({ connectionString: pg.ownerUrl('admin-gateway') });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO ops_users (id, email, display_name, password_hash, roles) VALUES (gen_random_uuid(), $1, 'Ops', $2, $3)`,
      [email, await hashSecret(password), ['ops-admin']],
    );
  } finally {
    await client.end();
  }
  const response = await fetch(`${adminUrl}/admin/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: email, password }),
  });
  if (!response.ok) throw new Error(`ops login failed: ${response.status} ${await response.text()}`);
  return new Api(adminUrl, ((await response.json()) as { access_token: string }).access_token);
}
