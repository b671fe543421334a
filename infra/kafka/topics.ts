/**
 * Topic provisioning from the manifest in @lawfirm/contracts, shared by the local broker's
 * launcher, the docker-compose `topics` job and the Kubernetes topics job. Safe to run again:
 * topics that exist are left alone, except that one with fewer partitions than the manifest asks
 * for is grown (Kafka cannot shrink a topic).
 */
import type { Admin } from 'kafkajs';

export interface TopicPlan {
  name: string;
  partitions: number;
  /** Topic-level settings, e.g. `retention.ms`. */
  config?: Record<string, string>;
}

export interface TopicReport {
  created: string[];
  grown: string[];
  unchanged: string[];
}

export type TopicAdmin = Pick<
  Admin,
  'listTopics' | 'createTopics' | 'fetchTopicMetadata' | 'createPartitions'
>;

export interface TopicOptions {
  /** Replicas per partition; the broker's default.replication.factor when not given. */
  replicationFactor?: number;
  /**
   * Replicas that must have a record before an acks=all write succeeds (producers here always ask
   * for all). Not given: the broker's default. Production: 2 with a replication factor of 3.
   */
  minInsyncReplicas?: number;
}

export async function ensureTopics(
  admin: TopicAdmin,
  manifest: TopicPlan[],
  options: TopicOptions = {},
): Promise<TopicReport> {
  const existing = new Set(await admin.listTopics());
  const missing = manifest.filter((topic) => !existing.has(topic.name));
  const present = manifest.filter((topic) => existing.has(topic.name));

  if (missing.length) {
    await admin.createTopics({
      // Leaders are awaited below: kafkajs' own wait gives up on the first "unknown topic" answer
      // that a broker may still give while the new topic's metadata spreads.
      waitForLeaders: false,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        // -1 lets the broker apply its default.replication.factor.
        replicationFactor: options.replicationFactor ?? -1,
        configEntries: Object.entries({
          ...(options.minInsyncReplicas ? { 'min.insync.replicas': String(options.minInsyncReplicas) } : {}),
          ...(topic.config ?? {}),
        }).map(([name, value]) => ({ name, value })),
      })),
    });
  }

  if (missing.length)
    await waitForLeaders(
      admin,
      missing.map((topic) => topic.name),
    );

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

/** Until every partition of `topics` has a leader (new topics' metadata spreads for a moment). */
async function waitForLeaders(admin: TopicAdmin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer';
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.topics.filter(
        (topic) =>
          topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0),
      );
      if (leaderless.length === 0 && metadata.topics.length === topics.length) return;
      lastProblem = `no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`topics without leaders after ${timeoutMs} ms: ${lastProblem}`);
}
