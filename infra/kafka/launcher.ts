/**
 * The local Apache Kafka broker: a single-node KRaft server (broker and controller in one JVM)
 * run from the jars that `pom.xml` pins. Used by `npm start`, the test setup and the benchmarks.
 *
 * First use fetches the jars with Maven into a cache folder keyed by the pom's hash; every start
 * formats the data directory if it is new, starts `kafka.Kafka`, waits until the broker answers
 * and creates the topics it is given with the admin client.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as net from 'node:net';
import { join, resolve } from 'node:path';
import { silenceKafkajsNegativeTimeoutWarning } from '@lawfirm/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics, type TopicPlan } from './topics';

export interface StartKafkaOptions {
  /** Where the broker keeps its log segments, metadata and `broker.log`. */
  dataDir: string;
  /** Client port on 127.0.0.1; 0 picks a free one. The controller listens on its own free port. */
  port: number;
  /** Controller port (default: port + 1 when port is fixed, otherwise a free one). */
  controllerPort?: number;
  /** Remove the data directory first (tests); otherwise a broker's data survives restarts. */
  fresh?: boolean;
  topics: TopicPlan[];
  /** Progress lines (jar fetch, format, start). */
  log?: (line: string) => void;
  /** Maximum JVM heap in MiB (default 512). */
  heapMb?: number;
  /** How long to wait for the broker to answer (default 90 s). */
  readyTimeoutMs?: number;
}

export interface LocalKafkaHandle {
  /** Bootstrap servers, e.g. "127.0.0.1:19092". */
  brokers: string;
  port: number;
  controllerPort: number;
  dataDir: string;
  pid: number;
  /** SIGTERM (a clean shutdown that keeps every acknowledged record), then SIGKILL after 30 s. Idempotent. */
  stop(): Promise<void>;
  /** Sends a signal at once (drills: `kill('SIGKILL')`) and resolves when the process has gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const HERE = __dirname;
const POM = join(HERE, 'pom.xml');
const LOG_CONFIG = join(HERE, 'log4j2.properties');
const MIN_JAVA = 17;

export class KafkaSetupError extends Error {}

/** The Apache Kafka version pom.xml pins; docker-compose.yml and the test containers use the same. */
export function pinnedKafkaVersion(): string {
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM, 'utf8'))?.[1];
  if (!version) throw new KafkaSetupError(`${POM} pins no kafka.version`);
  return version;
}

// `env: process.env` everywhere: the PATH searched is this module's view of the environment.
function commandWorks(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', env: process.env }).status === 0;
}

function javaBinary(): string {
  const fromHome = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : undefined;
  const java = fromHome && existsSync(fromHome) ? fromHome : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8', env: process.env });
  if (probe.error || probe.status !== 0) {
    throw new KafkaSetupError(
      'The local Kafka broker needs a Java runtime (17 or newer) and Maven. Install them (Debian: ' +
        '`apt-get install openjdk-17-jre-headless maven`), set JAVA_HOME, point KAFKA_BROKERS at a running ' +
        'Kafka, or run the platform with `docker compose up`.',
    );
  }
  const version = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr + probe.stdout);
  const major = version ? (Number(version[1]) === 1 ? Number(version[2]) : Number(version[1])) : 0;
  if (major < MIN_JAVA) {
    throw new KafkaSetupError(
      `The local Kafka broker needs Java ${MIN_JAVA} or newer; ${java} is Java ${major}. Set JAVA_HOME to a newer JDK.`,
    );
  }
  return java;
}

/** The cache folder for the pom's jars: `<repo>/.local/kafka-jars/<pom hash>`. */
export function jarCacheDir(): string {
  const hash = createHash('sha256').update(readFileSync(POM)).digest('hex').slice(0, 16);
  const base = process.env.LAWFIRM_KAFKA_JAR_CACHE ?? resolve(HERE, '..', '..', '.local', 'kafka-jars');
  return join(base, hash);
}

/** Fetches the pinned Kafka jars once (Maven), and answers the folder holding them. */
export function ensureKafkaJars(log: (line: string) => void = () => undefined): string {
  const dir = jarCacheDir();
  if (existsSync(join(dir, '.complete'))) return dir;
  if (!commandWorks('mvn', ['-v'])) {
    throw new KafkaSetupError(
      'The local Kafka broker is fetched with Maven, which is not installed. Install it (Debian: `apt-get install maven`), ' +
        'point KAFKA_BROKERS at a running Kafka, or run the platform with `docker compose up`.',
    );
  }
  log(`fetching the Kafka jars with Maven into ${dir} (once)`);
  // A private folder, renamed into place when complete, so concurrent first starts cannot see half a set.
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      POM,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${staging}`,
      '-DincludeScope=runtime',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new KafkaSetupError(
      `mvn dependency:copy-dependencies failed:\n${(result.stdout + result.stderr).slice(-4000)}`,
    );
  }
  writeFileSync(join(staging, '.complete'), new Date().toISOString());
  try {
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, '.complete'))) throw error;
  }
  return dir;
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      resolvePort(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no port assigned'))));
    });
  });
}

function serverProperties(dataDir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(dataDir, 'logs')}`,
    // Topics come only from the manifest; a typo in a topic name fails instead of creating one.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=8',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=4',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // A single local broker: the first consumer of a group need not wait for others to join.
    'group.initial.rebalance.delay.ms=0',
    'log.segment.bytes=67108864',
    'log.retention.check.interval.ms=300000',
    'num.network.threads=2',
    'num.io.threads=4',
    'background.threads=4',
    'num.recovery.threads.per.data.dir=1',
    '',
  ].join('\n');
}

/** Starts the broker and resolves once it answers and every topic exists. */
export async function startKafka(options: StartKafkaOptions): Promise<LocalKafkaHandle> {
  const log = options.log ?? (() => undefined);
  const java = javaBinary();
  const jars = ensureKafkaJars(log);
  const classpath = join(jars, '*');
  const port = options.port || (await findFreePort());
  const controllerPort = options.controllerPort ?? (options.port ? options.port + 1 : await findFreePort());
  for (const candidate of [port, controllerPort]) {
    if (await isPortOpen(candidate))
      throw new KafkaSetupError(`local Kafka: port ${candidate} on 127.0.0.1 is already in use`);
  }
  const { dataDir } = options;
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const propertiesFile = join(dataDir, 'server.properties');
  writeFileSync(propertiesFile, serverProperties(dataDir, port, controllerPort));
  const jvmFlags = [
    `-Xms128m`,
    `-Xmx${options.heapMb ?? 512}m`,
    '-XX:+UseSerialGC',
    '-XX:MaxMetaspaceSize=192m',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG_CONFIG}`,
  ];
  if (!existsSync(join(dataDir, 'logs', 'meta.properties'))) {
    const clusterId = newClusterId();
    log(`formatting new broker storage in ${dataDir}`);
    execFileSync(
      java,
      [
        ...jvmFlags,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        propertiesFile,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  }
  const brokerLog = join(dataDir, 'broker.log');
  const out = openSync(brokerLog, 'a');
  const javaArgs = [...jvmFlags, '-cp', classpath, 'kafka.Kafka', propertiesFile];
  // setpriv --pdeathsig: the broker is told to stop when the process that started it dies, so a
  // crashed or killed `npm start`/test run never leaves an orphaned JVM holding the ports.
  const withParentDeath = commandWorks('setpriv', ['--version']);
  const child = withParentDeath
    ? spawn('setpriv', ['--pdeathsig', 'TERM', '--', java, ...javaArgs], { stdio: ['ignore', out, out] })
    : spawn(java, javaArgs, { stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  if (child.pid === undefined) throw new KafkaSetupError('local Kafka: the JVM did not start');
  const brokers = `127.0.0.1:${port}`;
  log(`starting Apache Kafka on ${brokers} (log: ${brokerLog})`);
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  try {
    await waitUntilReady(brokers, options.readyTimeoutMs ?? 90_000, () => exitedEarly);
    await createTopics(brokers, options.topics);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    const tail = readFileSync(brokerLog, 'utf8').split('\n').slice(-30).join('\n');
    throw new KafkaSetupError(
      `local Kafka did not start: ${error instanceof Error ? error.message : String(error)}\n${tail}`,
    );
  }
  let stopping: Promise<void> | undefined;
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await kill('SIGTERM');
      clearTimeout(timer);
    })();
    return stopping;
  };
  return { brokers, port, controllerPort, dataDir, pid: child.pid, stop, kill, exited };
}

/**
 * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. One that starts with '-'
 * would be read as an option by the storage tool (Kafka's own generator skips those too).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function adminClient(brokers: string): Kafka {
  silenceKafkajsNegativeTimeoutWarning();
  return new Kafka({
    clientId: 'local-kafka',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
}

/** Until the broker answers metadata and its group coordinator is loaded. */
async function waitUntilReady(brokers: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the JVM exited during start-up');
    const admin = adminClient(brokers).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      // The first group lookup creates __consumer_offsets; doing it here keeps that wait out of every consumer's start.
      await admin.describeGroups(['local-kafka-ready']);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolveWait) => setTimeout(resolveWait, 300));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  throw new Error(
    `no answer within ${timeoutMs} ms (${lastError instanceof Error ? lastError.message : String(lastError)})`,
  );
}

async function createTopics(brokers: string, topics: TopicPlan[]): Promise<void> {
  silenceKafkajsNegativeTimeoutWarning();
  const admin = new Kafka({
    clientId: 'local-kafka-topics',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, { replicationFactor: 1, minInsyncReplicas: 1 });
  } finally {
    await admin.disconnect();
  }
}
