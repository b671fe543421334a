import { topicManifest } from '@lawfirm/contracts';
import { ensureTopics, type TopicPlan } from './topics';

/** An in-memory stand-in for the kafkajs admin: topic name → partition count. */
function fakeAdmin(initial: Record<string, number> = {}) {
  const topics = new Map(Object.entries(initial));
  const admin = {
    listTopics: jest.fn(async () => [...topics.keys()]),
    createTopics: jest.fn(
      async ({ topics: requested }: { topics: Array<{ topic: string; numPartitions?: number }> }) => {
        for (const { topic, numPartitions } of requested) {
          if (topics.has(topic)) throw new Error(`${topic} already exists`);
          topics.set(topic, numPartitions ?? 1);
        }
        return true;
      },
    ),
    fetchTopicMetadata: jest.fn(async ({ topics: names }: { topics: string[] }) => ({
      topics: names.map((name) => ({
        name,
        partitions: Array.from({ length: topics.get(name) ?? 0 }, (_, partitionId) => ({
          partitionErrorCode: 0,
          partitionId,
          leader: 1,
          replicas: [1],
          isr: [1],
        })),
      })),
    })),
    createPartitions: jest.fn(
      async ({ topicPartitions }: { topicPartitions: Array<{ topic: string; count: number }> }) => {
        for (const { topic, count } of topicPartitions) topics.set(topic, count);
        return true;
      },
    ),
  };
  return { admin, topics };
}

describe('ensureTopics', () => {
  it('creates every manifest topic and its dead-letter topic on an empty cluster', async () => {
    const { admin, topics } = fakeAdmin();
    const manifest = topicManifest();

    const report = await ensureTopics(admin, manifest);

    expect(report.created.sort()).toEqual(manifest.map((topic) => topic.name).sort());
    for (const topic of manifest) expect(topics.get(topic.name)).toBe(topic.partitions);
    expect(topics.has('intake.matter.v1.dlq')).toBe(true);
  });

  it('leaves existing topics alone and creates only the missing ones when run again', async () => {
    const manifest: TopicPlan[] = [
      { name: 'intake.matter.v1', partitions: 4 },
      { name: 'intake.matter.v1.dlq', partitions: 1 },
    ];
    const { admin, topics } = fakeAdmin({ 'intake.matter.v1': 4 });

    const report = await ensureTopics(admin, manifest);

    expect(report).toEqual({ created: ['intake.matter.v1.dlq'], grown: [], unchanged: ['intake.matter.v1'] });
    expect(admin.createTopics).toHaveBeenCalledTimes(1);
    expect(admin.createPartitions).not.toHaveBeenCalled();
    expect(topics.get('intake.matter.v1.dlq')).toBe(1);
  });

  it('grows a topic that has fewer partitions than the manifest asks for', async () => {
    const { admin, topics } = fakeAdmin({ 'billing.invoice.v1': 2 });

    const report = await ensureTopics(admin, [{ name: 'billing.invoice.v1', partitions: 4 }]);

    expect(report.grown).toEqual(['billing.invoice.v1']);
    expect(topics.get('billing.invoice.v1')).toBe(4);
  });

  it('passes an explicit replication factor through, and the broker default (-1) otherwise', async () => {
    const explicit = fakeAdmin().admin;
    const brokerDefault = fakeAdmin().admin;

    await ensureTopics(explicit, [{ name: 'audit.v1', partitions: 4 }], { replicationFactor: 3 });
    await ensureTopics(brokerDefault, [{ name: 'audit.v1', partitions: 4 }]);

    expect(explicit.createTopics.mock.calls[0]?.[0].topics).toEqual([
      { topic: 'audit.v1', numPartitions: 4, replicationFactor: 3, configEntries: [] },
    ]);
    expect(brokerDefault.createTopics.mock.calls[0]?.[0].topics).toEqual([
      { topic: 'audit.v1', numPartitions: 4, replicationFactor: -1, configEntries: [] },
    ]);
  });

  it('sets min.insync.replicas on new topics when asked, beside each topic’s own settings', async () => {
    const { admin } = fakeAdmin();

    await ensureTopics(admin, [{ name: 'audit.v1', partitions: 4, config: { 'retention.ms': '-1' } }], {
      replicationFactor: 3,
      minInsyncReplicas: 2,
    });

    expect(admin.createTopics.mock.calls[0]?.[0].topics).toEqual([
      {
        topic: 'audit.v1',
        numPartitions: 4,
        replicationFactor: 3,
        configEntries: [
          { name: 'min.insync.replicas', value: '2' },
          { name: 'retention.ms', value: '-1' },
        ],
      },
    ]);
  });
});
