/**
 * Runs dev-kafka in the foreground until Ctrl-C / SIGTERM.
 *
 *   node -r @swc-node/register infra/dev-kafka/cli.ts --port 19092 --topic a:4
 *
 * Options: --port P (default $DEV_KAFKA_PORT or 19092), --brokers N,
 * --topic NAME:PARTITIONS (repeatable), --topics-file FILE, --debug[=CONTEXTS].
 */
import { startDevKafka, type DevKafkaTopic } from './launcher';

interface CliArgs {
  port: number;
  brokers: number;
  topics: DevKafkaTopic[];
  topicsFile?: string;
  debug?: string;
}

function usage(): string {
  return [
    'Usage: cli.ts [--port P] [--brokers N] [--topic NAME:PARTITIONS]... [--topics-file FILE] [--debug[=CONTEXTS]]',
    '  --port defaults to $DEV_KAFKA_PORT, else 19092 (0 = random port)',
  ].join('\n');
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    port: Number(process.env.DEV_KAFKA_PORT || 19092),
    brokers: 1,
    topics: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      console.log(usage());
      process.exit(0);
    } else if (a === '--port') {
      args.port = Number(next());
    } else if (a === '--brokers') {
      args.brokers = Number(next());
    } else if (a === '--topic') {
      const spec = next();
      const m = /^(.+):(\d+)$/.exec(spec);
      if (!m) throw new Error(`--topic expects NAME:PARTITIONS, got "${spec}"`);
      args.topics.push({ name: m[1], partitions: Number(m[2]) });
    } else if (a === '--topics-file') {
      args.topicsFile = next();
    } else if (a === '--debug') {
      args.debug = 'mock';
    } else if (a.startsWith('--debug=')) {
      args.debug = a.slice('--debug='.length);
    } else {
      throw new Error(`unknown argument "${a}"\n${usage()}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const kafka = await startDevKafka({
    port: args.port,
    brokers: args.brokers,
    topics: args.topics,
    topicsFile: args.topicsFile,
    debug: args.debug,
    buildLog: (line) => console.error(line),
    brokerLog: (line) => console.error(line),
  });
  console.log(`dev-kafka ready: brokers=${kafka.brokers} pid=${kafka.pid} (Ctrl-C to stop)`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`dev-kafka: ${signal}, stopping`);
    kafka.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  void kafka.exited.then(({ code, signal }) => {
    if (stopping) return;
    console.error(`dev-kafka: broker exited unexpectedly (${signal ?? `exit ${code}`})`);
    process.exit(1);
  });
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
