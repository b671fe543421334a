import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
}

/** One place that turns our settings into a kafkajs client, with kafkajs logs routed to ours. */
export function createKafka(connection: KafkaConnection, log?: (entry: LogEntry) => void): Kafka {
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
