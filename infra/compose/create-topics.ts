/**
 * The docker-compose `topics` job: creates every topic of the manifest in @lawfirm/contracts
 * (each topic and its `.dlq`) on a real Kafka cluster, before any service starts. Services
 * never create topics themselves, and the broker runs with auto-creation off.
 *
 * Safe to run again (see infra/kafka/topics.ts).
 *
 *   KAFKA_BROKERS=host:port[,host:port] node -r @swc-node/register infra/compose/create-topics.ts
 *
 * Optional: TOPIC_REPLICATION_FACTOR (default: the broker's default.replication.factor) and
 * TOPIC_MIN_INSYNC_REPLICAS (default: the broker's min.insync.replicas; 2 with 3 replicas in production).
 */
// The contracts' event payload classes carry class-transformer decorators, which need this first.
import 'reflect-metadata';
import { Kafka, logLevel } from 'kafkajs';
import { topicManifest } from '@lawfirm/contracts';
import { ensureTopics } from '@lawfirm/local-kafka';

function positiveIntegerFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (!brokers.length) throw new Error('KAFKA_BROKERS must be set (comma-separated host:port list)');
  const replicationFactor = positiveIntegerFromEnv('TOPIC_REPLICATION_FACTOR');
  const minInsyncReplicas = positiveIntegerFromEnv('TOPIC_MIN_INSYNC_REPLICAS');

  const kafka = new Kafka({
    clientId: 'lawfirm-topics',
    brokers,
    logLevel: logLevel.WARN,
    // The broker may still be electing its controller when this job starts.
    retry: { retries: 10, initialRetryTime: 500, maxRetryTime: 10_000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const report = await ensureTopics(admin, topicManifest(), { replicationFactor, minInsyncReplicas });
    console.log(
      `[topics] created ${report.created.length}, grew ${report.grown.length}, unchanged ${report.unchanged.length}` +
        (report.created.length ? `: ${report.created.join(', ')}` : ''),
    );
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('[topics] failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
