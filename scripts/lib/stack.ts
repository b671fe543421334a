/**
 * Brings the platform up on this machine: private PostgreSQL, the local Kafka broker, migrations,
 * every service and both gateways as child processes. Used by `npm start`, the end-to-end
 * tests and the benchmarks, so all three run the same thing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICES, topicManifest, type ServiceName } from '@lawfirm/contracts';
import { runMigrations } from '@lawfirm/database';
import { postgresMajor, startPostgres, useExistingServer, type PostgresCluster } from '@lawfirm/dev-postgres';
import {
  findFreePort,
  startKafka,
  type LocalKafkaHandle,
  type StartKafkaOptions,
} from '@lawfirm/local-kafka';
import { dockerAnswers, startContainers } from './containers';
import { ensureAuditChainKey } from './audit-chain-key';
import { ensureLocalKeys, internalTokenEnv, type LocalKeys } from './keys';
import { loadServiceSchema } from './service-schemas';

export const ROOT = resolve(__dirname, '..', '..');
export const LOCAL_DIR = process.env.LAWFIRM_LOCAL_DIR ?? join(ROOT, '.local');

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  'admin-gateway': 3001,
  intake: 4101,
  timekeeping: 4102,
  billing: 4103,
  docket: 4104,
  document: 4105,
};

/**
 * Each process's metrics listener (METRICS_PORT): `/metrics` is not served on the API ports, where
 * anyone could read it. Loopback only, like every local port.
 */
export const DEFAULT_METRICS_PORTS: Record<ServiceName, number> = {
  gateway: 9300,
  'admin-gateway': 9301,
  intake: 9401,
  timekeeping: 9402,
  billing: 9403,
  docket: 9404,
  document: 9405,
};

/**
 * Where a local cluster keeps its data. As root the server runs as `nobody`, which must be able
 * to reach the directory — a checkout under a private home (/root is 0700) would not do — so the
 * data lives under /var/lib/lawfirm-dev, one folder per checkout. The folder names the PostgreSQL
 * major version, so a new major starts a new cluster rather than failing on the old one.
 */
export function postgresDataDir(name: string): string {
  const folder = `postgres${postgresMajor()}-${name}`;
  if (process.getuid?.() !== 0 || process.env.LAWFIRM_LOCAL_DIR) return join(LOCAL_DIR, folder);
  const checkout = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
  return join('/var/lib/lawfirm-dev', checkout, folder);
}

export interface Infra {
  pg: PostgresCluster;
  brokers: string;
  kafka?: LocalKafkaHandle;
  stop(): Promise<void>;
  /** Only for the local broker: stop it (cleanly, or with SIGKILL) and start it again on the same data and ports. */
  stopBroker?(signal?: NodeJS.Signals): Promise<void>;
  startBroker?(): Promise<void>;
}

/**
 * Infrastructure in the house order: explicit settings (TEST_DATABASE_URL, a superuser URL,
 * and KAFKA_BROKERS) → containers when `allowContainers` and a Docker engine answers → the
 * private PostgreSQL cluster and the local Apache Kafka broker on this machine.
 *
 * `kafkaPort` 0 starts a broker on free ports with a fresh data folder (tests); a fixed port keeps
 * the broker's data in `.local/kafka-<name>` between runs (`npm start`).
 */
export async function startInfra(options: {
  pgPort: number;
  kafkaPort: number;
  name: string;
  quiet?: boolean;
  allowContainers?: boolean;
}): Promise<Infra> {
  const log = (line: string): void => {
    if (!options.quiet) console.log(line);
  };
  const explicitDb = process.env.TEST_DATABASE_URL;
  const explicitBrokers = process.env.KAFKA_BROKERS;
  if (!explicitDb && !explicitBrokers && options.allowContainers && (await dockerAnswers())) {
    log('[infra] Docker answers: using PostgreSQL and Kafka containers');
    const containers = await startContainers(topicManifest());
    return {
      pg: await useExistingServer(containers.superuserUrl),
      brokers: containers.brokers,
      stop: () => containers.stop(),
    };
  }
  const pgPromise = explicitDb
    ? useExistingServer(explicitDb)
    : startPostgres({ port: options.pgPort, dataDir: postgresDataDir(options.name), quiet: options.quiet });
  if (explicitBrokers) return { pg: await pgPromise, brokers: explicitBrokers, stop: async () => undefined };

  const fresh = options.kafkaPort === 0;
  const kafkaOptions: StartKafkaOptions = {
    port: options.kafkaPort,
    dataDir: fresh
      ? join(LOCAL_DIR, 'kafka-runs', `${options.name}-${process.pid}-${Date.now()}`)
      : join(LOCAL_DIR, `kafka-${options.name}`),
    fresh,
    topics: topicManifest(),
    log: (line) => log(`[kafka] ${line}`),
  };
  // PostgreSQL and the JVM start side by side.
  const [pg, kafka] = await Promise.all([pgPromise, startKafka(kafkaOptions)]);
  log(`[kafka] ready on ${kafka.brokers}`);
  const infra: Infra = {
    pg,
    brokers: kafka.brokers,
    kafka,
    stop: async () => {
      await infra.kafka?.stop();
      if (fresh) rmSync(kafkaOptions.dataDir, { recursive: true, force: true });
    },
    stopBroker: async (signal) => {
      if (signal && signal !== 'SIGTERM') await infra.kafka?.kill(signal);
      else await infra.kafka?.stop();
      infra.kafka = undefined;
    },
    startBroker: async () => {
      infra.kafka = await startKafka({
        ...kafkaOptions,
        port: kafka.port,
        controllerPort: kafka.controllerPort,
        fresh: false,
      });
    },
  };
  return infra;
}

export async function migrateAll(
  pg: PostgresCluster,
  log: (line: string) => void = console.log,
): Promise<void> {
  for (const service of SERVICES) {
    const schema = loadServiceSchema(service);
    const applied = await runMigrations(
      {
        url: pg.ownerUrl(service),
        entities: schema.ENTITIES,
        migrations: schema.MIGRATIONS,
        applicationName: `${service}-migrate`,
      },
      pg.appRole(service),
    );
    log(`[migrate] ${service}: ${applied.length ? applied.join(', ') : 'up to date'}`);
  }
}

export interface StackOptions {
  infra: Infra;
  ports?: Partial<Record<ServiceName, number>>;
  /**
   * Metrics listeners' ports. Default: DEFAULT_METRICS_PORTS, or free ports when `ports` is given
   * (tests and benchmarks run several stacks side by side).
   */
  metricsPorts?: Partial<Record<ServiceName, number>>;
  keys?: LocalKeys;
  logDir?: string;
  /** Prefix for consumer groups (tests give each run its own). */
  groupPrefix?: string;
  kafkaSessionTimeoutMs?: number;
  logLevel?: string;
  echo?: boolean;
  /** Extra environment for some processes (e.g. the fuzzer's higher RATE_LIMIT_PER_MINUTE). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

export interface RunningStack {
  ports: Record<ServiceName, number>;
  urls: Record<ServiceName, string>;
  /** Each process's metrics listener, e.g. `${metricsUrls.billing}/metrics`. */
  metricsUrls: Record<ServiceName, string>;
  processes: Record<ServiceName, ChildProcess>;
  env: Record<ServiceName, NodeJS.ProcessEnv>;
  stop(): Promise<void>;
  /** Stops a process (SIGTERM by default; SIGKILL for a crash drill) and starts it again. */
  restart(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
}

export function serviceEnv(
  service: ServiceName,
  infra: Infra,
  ports: Record<ServiceName, number>,
  keys: LocalKeys,
  options: Pick<StackOptions, 'groupPrefix' | 'kafkaSessionTimeoutMs' | 'logLevel'>,
  metricsPort?: number,
): NodeJS.ProcessEnv {
  const url = (name: ServiceName): string => `http://127.0.0.1:${ports[name]}`;
  return {
    PATH: process.env.PATH,
    // OpenTelemetry's own settings (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, …) reach every process.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('OTEL_'))),
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    PORT: String(ports[service]),
    DATABASE_URL: infra.pg.appUrl(service),
    KAFKA_BROKERS: infra.brokers,
    ...internalTokenEnv(service, keys),
    KAFKA_GROUP_PREFIX: options.groupPrefix ?? '',
    KAFKA_SESSION_TIMEOUT_MS: String(options.kafkaSessionTimeoutMs ?? 6000),
    LOG_LEVEL: options.logLevel ?? 'info',
    ...(metricsPort !== undefined ? { METRICS_PORT: String(metricsPort) } : {}),
    ...(service === 'gateway'
      ? {
          GATEWAY_SIGNING_KEY: keys.gatewaySigningKey,
          INTAKE_URL: url('intake'),
          TIMEKEEPING_URL: url('timekeeping'),
          BILLING_URL: url('billing'),
          DOCKET_URL: url('docket'),
          DOCUMENT_URL: url('document'),
          ADMIN_GATEWAY_URL: url('admin-gateway'),
        }
      : {}),
    ...(service === 'admin-gateway'
      ? {
          ADMIN_SIGNING_KEY: keys.adminSigningKey,
          AUDIT_CHAIN_KEY: ensureAuditChainKey(join(LOCAL_DIR, 'audit-chain.key')),
          // The operations console's health screen polls every other process's /readyz.
          HEALTH_TARGETS: SERVICES.filter((name) => name !== 'admin-gateway')
            .map((name) => `${name}=${url(name)}`)
            .join(','),
        }
      : {}),
  };
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const ports = { ...DEFAULT_PORTS, ...(options.ports ?? {}) };
  const keys = options.keys ?? (await ensureLocalKeys(join(LOCAL_DIR, 'keys.json')));
  const logDir = options.logDir ?? join(LOCAL_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const urls = Object.fromEntries(SERVICES.map((s) => [s, `http://127.0.0.1:${ports[s]}`])) as Record<
    ServiceName,
    string
  >;
  const metricsPorts = { ...DEFAULT_METRICS_PORTS };
  // findFreePort releases the port it found, so it can hand out one already chosen for another
  // process (an API port or another metrics port): a stack once failed with EADDRINUSE that way.
  const taken = new Set<number>(Object.values(ports));
  for (const service of SERVICES) {
    const chosen = options.metricsPorts?.[service];
    if (chosen !== undefined) metricsPorts[service] = chosen;
    else if (options.ports) {
      let port = await findFreePort();
      while (taken.has(port)) port = await findFreePort();
      metricsPorts[service] = port;
    }
    taken.add(metricsPorts[service]);
  }
  const metricsUrls = Object.fromEntries(
    SERVICES.map((s) => [s, `http://127.0.0.1:${metricsPorts[s]}`]),
  ) as Record<ServiceName, string>;
  const env = Object.fromEntries(
    SERVICES.map((s) => [
      s,
      { ...serviceEnv(s, options.infra, ports, keys, options, metricsPorts[s]), ...options.env?.[s] },
    ]),
  ) as Record<ServiceName, NodeJS.ProcessEnv>;
  const processes = {} as Record<ServiceName, ChildProcess>;

  const launch = (service: ServiceName): ChildProcess => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(ROOT, 'services', service, 'src', 'main.ts')],
      {
        cwd: ROOT,
        env: { ...env[service], SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const logFile = createWriteStream(join(logDir, `${service}.log`), { flags: 'a' });
    child.stdout?.pipe(logFile);
    child.stderr?.pipe(logFile);
    if (options.echo)
      child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${service}] ${chunk.toString()}`));
    processes[service] = child;
    return child;
  };

  const stopOne = async (service: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const child = processes[service];
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  // SERVICES lists domain services first and gateways last: the gateway's docs read the services' documents.
  for (const service of SERVICES) launch(service);
  try {
    await Promise.all(
      SERVICES.map((service) => waitForHealth(service, urls[service], processes[service], logDir)),
    );
  } catch (error) {
    await Promise.all(SERVICES.map((service) => stopOne(service)));
    throw error;
  }

  return {
    ports,
    urls,
    metricsUrls,
    processes,
    env,
    stop: async () => {
      await Promise.all(SERVICES.map((service) => stopOne(service)));
    },
    restart: async (service, signal) => {
      await stopOne(service, signal);
      launch(service);
      await waitForHealth(service, urls[service], processes[service], logDir);
    },
  };
}

async function waitForHealth(
  service: string,
  url: string,
  child: ChildProcess,
  logDir: string,
  // Generous: on a loaded 2-core machine (load 20+) a process has taken over 90 s to compile and start.
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `${service} exited with code ${child.exitCode} during start-up; see ${join(logDir, `${service}.log`)}`,
      );
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${service} did not become healthy within ${timeoutMs / 1000} s; see ${join(logDir, `${service}.log`)}`,
  );
}
