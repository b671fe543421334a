/**
 * The docker-compose `topics` job: creates every topic of the manifest in @lawfirm/contracts
 * (each topic and its `.dlq`) on a real Kafka cluster, before any service starts. Services
 * never create topics themselves, and the broker runs with auto-creation off.
 *
 * Safe to run again: topics that exist are left alone, except that a topic with fewer
 * partitions than the manifest asks for is grown (Kafka cannot shrink one, so more is kept).
 *
 *   KAFKA_BROKERS=host:port[,host:port] node -r @swc-node/register infra/compose/create-topics.ts
 *
 * Optional: TOPIC_REPLICATION_FACTOR (default: the broker's default.replication.factor).
 */
// The contracts' event payload classes carry class-transformer decorators, which need this first.
import 'reflect-metadata';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { topicManifest } from '@lawfirm/contracts';

export interface TopicPlan {
  name: string;
  partitions: number;
}

export interface TopicReport {
  created: string[];
  grown: string[];
  unchanged: string[];
}

type TopicAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'fetchTopicMetadata' | 'createPartitions'>;

export async function ensureTopics(
  admin: TopicAdmin,
  manifest: TopicPlan[],
  options: { replicationFactor?: number } = {},
): Promise<TopicReport> {
  const existing = new Set(await admin.listTopics());
  const missing = manifest.filter((topic) => !existing.has(topic.name));
  const present = manifest.filter((topic) => existing.has(topic.name));

  if (missing.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        // -1 lets the broker apply its default.replication.factor.
        replicationFactor: options.replicationFactor ?? -1,
      })),
    });
  }

  const grown: string[] = [];
  if (present.length) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
    const partitionCounts = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
    const tooSmall = present.filter((topic) => (partitionCounts.get(topic.name) ?? 0) < topic.partitions);
    if (tooSmall.length) {
      await admin.createPartitions({
        topicPartitions: tooSmall.map((topic) => ({ topic: topic.name, count: topic.partitions })),
      });
      grown.push(...tooSmall.map((topic) => topic.name));
    }
  }

  return {
    created: missing.map((topic) => topic.name),
    grown,
    unchanged: present.map((topic) => topic.name).filter((name) => !grown.includes(name)),
  };
}

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
    const report = await ensureTopics(admin, topicManifest(), { replicationFactor });
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
