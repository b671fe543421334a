/**
 * Second choice of test infrastructure, when a Docker engine answers: a real PostgreSQL
 * and a real Apache Kafka (KRaft) in containers. These build machines have no engine, so
 * here the local cluster and the local Kafka broker are used instead (see startInfra).
 * The Kafka image's version matches infra/kafka/pom.xml.
 */
import type { StartedTestContainer } from 'testcontainers';
import { postgresMajor } from '@lawfirm/dev-postgres';
import { ensureTopics, pinnedKafkaVersion, type TopicPlan } from '@lawfirm/local-kafka';

export async function dockerAnswers(): Promise<boolean> {
  if (process.env.LAWFIRM_NO_CONTAINERS === '1') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

export interface ContainerInfra {
  superuserUrl: string;
  brokers: string;
  stop(): Promise<void>;
}

export async function startContainers(topics: TopicPlan[]): Promise<ContainerInfra> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const postgres: StartedTestContainer = await new GenericContainer(`postgres:${postgresMajor()}`)
    .withEnvironment({
      POSTGRES_USER: 'lawfirm_admin',
      POSTGRES_PASSWORD: 'local-lawfirm_admin',
      POSTGRES_DB: 'postgres',
    })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const kafkaPort = 9092;
  const kafka: StartedTestContainer = await new GenericContainer(`apache/kafka:${pinnedKafkaVersion()}`)
    .withExposedPorts({ container: kafkaPort, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${kafkaPort},CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const brokers = `localhost:${kafkaPort}`;
  const { Kafka } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'test-topics', brokers: [brokers] }).admin();
  await admin.connect();
  await ensureTopics(admin, topics, { replicationFactor: 1 });
  await admin.disconnect();
  return {
    superuserUrl: `postgres://lawfirm_admin:local-lawfirm_admin@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
    brokers,
    stop: async () => {
      await kafka.stop();
      await postgres.stop();
    },
  };
}
