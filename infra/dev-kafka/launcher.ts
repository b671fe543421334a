/**
 * Starts the local dev-kafka broker (librdkafka's mock cluster, patched; see
 * README.md) from Node: builds it when needed, spawns it and waits until it
 * listens.
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

export interface DevKafkaTopic {
  name: string;
  partitions: number;
}

export interface StartDevKafkaOptions {
  /** Broker 1 listens on 127.0.0.1:port, broker N on port+N-1. 0 = random. */
  port: number;
  /** Topics created before READY. Others are auto-created with 4 partitions. */
  topics: DevKafkaTopic[];
  /** Progress lines from build.sh (only printed when a build runs). */
  buildLog?: (line: string) => void;
  /** Number of brokers (default 1). */
  brokers?: number;
  /** File with one "name partitions" per line, passed to the binary. */
  topicsFile?: string;
  /** librdkafka debug contexts for the broker's stderr, e.g. "mock". */
  debug?: string;
  /** The broker's stderr lines (log and debug output). */
  brokerLog?: (line: string) => void;
  /** How long to wait for READY after spawning (default 20 s). */
  readyTimeoutMs?: number;
}

export interface DevKafkaHandle {
  /** bootstrap servers, e.g. "127.0.0.1:19092" */
  brokers: string;
  pid: number;
  /** Sends SIGTERM and resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when the broker process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const HERE = __dirname;
const BUILD_SCRIPT = path.join(HERE, 'build.sh');

/** Splits a stream into lines and calls onLine for each complete one. */
function onLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => {
    if (buf) onLine(buf);
    buf = '';
  });
}

/**
 * Runs build.sh (a no-op when the binary for the current sources is cached)
 * and resolves with the binary's path.
 */
export function buildDevKafka(buildLog?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [BUILD_SCRIPT], {
      cwd: HERE,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const out: string[] = [];
    const errTail: string[] = [];
    onLines(child.stdout, (line) => {
      if (line.trim()) out.push(line.trim());
    });
    onLines(child.stderr, (line) => {
      errTail.push(line);
      if (errTail.length > 40) errTail.shift();
      buildLog?.(line);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const bin = out[out.length - 1];
      if (code === 0 && bin) {
        resolve(bin);
      } else {
        reject(new Error(`dev-kafka build.sh failed (${signal ?? `exit ${code}`}):\n${errTail.join('\n')}`));
      }
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port on 127.0.0.1 that was free a moment ago (for tests). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

function validate(opts: StartDevKafkaOptions): void {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error(`dev-kafka: invalid port ${opts.port}`);
  }
  const brokers = opts.brokers ?? 1;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > 16) {
    throw new Error(`dev-kafka: invalid broker count ${brokers} (1..16)`);
  }
  for (const t of opts.topics) {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(t.name) || t.name === '.' || t.name === '..') {
      throw new Error(`dev-kafka: invalid topic name "${t.name}"`);
    }
    if (!Number.isInteger(t.partitions) || t.partitions < 1 || t.partitions > 10000) {
      throw new Error(`dev-kafka: invalid partition count ${t.partitions} for ${t.name}`);
    }
  }
}

/**
 * Builds (if needed) and starts dev-kafka. Resolves once the broker prints
 * READY, i.e. listens and has created the topics.
 *
 * The broker exits when this Node process goes away (its stdin is a pipe
 * from us), but call stop() to end it cleanly.
 */
export async function startDevKafka(opts: StartDevKafkaOptions): Promise<DevKafkaHandle> {
  validate(opts);
  // DEV_KAFKA_BIN: use this binary instead of build.sh's (e.g. a debug build).
  const binary = process.env.DEV_KAFKA_BIN || (await buildDevKafka(opts.buildLog));

  const brokerCount = opts.brokers ?? 1;
  if (opts.port > 0) {
    for (let i = 0; i < brokerCount; i++) {
      if (await isPortOpen(opts.port + i)) {
        throw new Error(`dev-kafka: port ${opts.port + i} on 127.0.0.1 is already in use`);
      }
    }
  }

  const args = ['--port', String(opts.port), '--brokers', String(brokerCount), '--exit-on-stdin-eof'];
  for (const t of opts.topics) args.push('--topic', `${t.name}:${t.partitions}`);
  if (opts.topicsFile) args.push('--topics-file', path.resolve(opts.topicsFile));
  if (opts.debug) args.push(`--debug=${opts.debug}`);

  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stderrTail: string[] = [];
  onLines(child.stderr, (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 40) stderrTail.shift();
    opts.brokerLog?.(line);
  });

  const brokers = await new Promise<string>((resolve, reject) => {
    const timeoutMs = opts.readyTimeoutMs ?? 20_000;
    let settled = false;
    const finish = (err: Error | null, value?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value as string);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`dev-kafka: no READY within ${timeoutMs} ms\n${stderrTail.join('\n')}`));
    }, timeoutMs);
    onLines(child.stdout, (line) => {
      const m = /^READY (\S+)$/.exec(line);
      if (m) finish(null, m[1]);
    });
    child.once('error', (err) => finish(err));
    child.once('exit', (code, signal) => {
      // Let the stderr pipe drain so the message includes the reason.
      setImmediate(() =>
        finish(
          new Error(`dev-kafka exited before READY (${signal ?? `exit ${code}`}):\n${stderrTail.join('\n')}`),
        ),
      );
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    if (!stopping) {
      stopping = (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killTimer);
        }
        child.stdin?.destroy();
      })();
    }
    return stopping;
  };

  if (child.pid === undefined) throw new Error('dev-kafka: spawned process has no pid');
  return { brokers, pid: child.pid, stop, exited };
}
