import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
}

/**
 * kafkajs 2.2.4 arms a timer with a negative delay in its request queue (upstream issue 1751);
 * Node treats such a delay as 1 ms, which is what kafkajs means, but Node 24 also prints a
 * TimeoutNegativeWarning for every client. Only that warning, raised from inside kafkajs, is dropped.
 */
export function silenceKafkajsNegativeTimeoutWarning(): void {
  const marker = Symbol.for('lawfirm.kafkajs-timeout-warning');
  const registry = process as unknown as Record<symbol, boolean>;
  if (registry[marker]) return;
  registry[marker] = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'TimeoutNegativeWarning' && /kafkajs[\\/]src[\\/]network/.test(new Error().stack ?? ''))
      return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** One place that turns our settings into a kafkajs client, with kafkajs logs routed to ours. */
export function createKafka(connection: KafkaConnection, log?: (entry: LogEntry) => void): Kafka {
  silenceKafkajsNegativeTimeoutWarning();
  const config: KafkaConfig = {
    clientId: connection.clientId,
    brokers: connection.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => log?.(entry),
  };
  return new Kafka(config);
}

export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}
