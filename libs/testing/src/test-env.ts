import { InternalTokenMinter, type ActorKind, type BoundRequest, type FirmRole } from '@lawfirm/auth';
import {
  INTERNAL_TOKEN_AUDIENCES,
  internalTokenKeyVariable,
  type InternalTokenAudience,
} from '@lawfirm/contracts';
import { createKafka } from '@lawfirm/messaging';
import type { IHeaders, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export interface TestDatabase {
  app: string;
  owner: string;
  appRole: string;
}

/** What the integration global setup started, read back inside a test worker. */
export function testDatabases(): Record<string, TestDatabase> {
  const raw = process.env.TEST_DATABASES;
  if (!raw)
    throw new Error(
      'TEST_DATABASES is not set: run integration tests through `npm test` (jest projects integration/e2e)',
    );
  return JSON.parse(raw) as Record<string, TestDatabase>;
}

export function testDatabase(service: string): TestDatabase {
  const database = testDatabases()[service];
  if (!database) throw new Error(`no test database for ${service}`);
  return database;
}

export function testBrokers(): string {
  const brokers = process.env.TEST_KAFKA_BROKERS;
  if (!brokers) throw new Error('TEST_KAFKA_BROKERS is not set');
  return brokers;
}

export function testKafka(clientId = `test-${randomUUID().slice(0, 8)}`): Kafka {
  return createKafka({ brokers: [testBrokers()], clientId });
}

export interface TestKeys {
  gatewaySigningKey: string;
  gatewayJwks: string;
  adminSigningKey: string;
  internalTokenKeys: Record<InternalTokenAudience, string>;
  /** The admin gateway's AUDIT_CHAIN_KEY (hex). */
  auditChainKey: string;
}

export function testKeys(): TestKeys {
  const raw = process.env.TEST_KEYS;
  if (!raw) throw new Error('TEST_KEYS is not set');
  return JSON.parse(raw) as TestKeys;
}

function internalTokenKey(audience: string): string {
  const key = testKeys().internalTokenKeys?.[audience as InternalTokenAudience];
  if (!key) throw new Error(`no internal-token key for ${audience} in TEST_KEYS`);
  return key;
}

/**
 * An internal token as the gateway would mint it, for one direct call to a service in a test: it
 * is good for that method and URL (path and query) only, and only once.
 */
export function internalTokenFor(
  audience: string,
  request: BoundRequest,
  firmId: string,
  roles: FirmRole[] = ['firm-admin', 'attorney', 'billing'],
  subject: string = randomUUID(),
  actorType: ActorKind = 'user',
): string {
  return new InternalTokenMinter(internalTokenKey(audience), 'lawfirm-gateway', audience).mint(
    { firmId, subject, actorType, roles, scopes: [] },
    request,
  );
}

/** The internal-token variables a service (or, for `gateway`, the gateway) starts with in a test. */
function internalTokenVariables(service: string): Record<string, string> {
  if (service === 'gateway')
    return Object.fromEntries(
      INTERNAL_TOKEN_AUDIENCES.map((audience) => [
        internalTokenKeyVariable(audience),
        internalTokenKey(audience),
      ]),
    );
  return (INTERNAL_TOKEN_AUDIENCES as readonly string[]).includes(service)
    ? { INTERNAL_TOKEN_KEY: internalTokenKey(service) }
    : {};
}

/** Common env for starting a service in-process against the test infrastructure. */
export function serviceTestEnv(service: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PORT: '0',
    DATABASE_URL: testDatabase(service).app,
    KAFKA_BROKERS: testBrokers(),
    ...internalTokenVariables(service),
    KAFKA_GROUP_PREFIX: `test-${randomUUID().slice(0, 8)}.`,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...(service === 'admin-gateway' ? { AUDIT_CHAIN_KEY: testKeys().auditChainKey } : {}),
    // Every spec signs in (and fails on purpose) from 127.0.0.1 against the same sign_in_throttles
    // table: with the default 50 a run locked that source part-way and other files' sign-ins got
    // 429, depending on file order. Specs that test the source limit set their own (as e2e stacks do).
    ...(service === 'gateway' || service === 'admin-gateway'
      ? { SIGN_IN_SOURCE_MAX_FAILURES: '100000' }
      : {}),
    ...extra,
  };
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}

/** Parses a message value as JSON, or undefined for anything else (other tests publish poison messages). */
export function parseJsonMessage<T>(value: Buffer | null): T | undefined {
  try {
    return JSON.parse(value?.toString() ?? '') as T;
  } catch {
    return undefined;
  }
}

/** A Kafka message's headers as text (kafkajs gives Buffers, or arrays when a header repeats: the first counts). */
export function headerTexts(headers: IHeaders | undefined): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) texts[name] = first.toString();
  }
  return texts;
}
