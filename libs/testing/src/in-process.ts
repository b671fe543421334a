import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Logger } from '@lawfirm/observability';
import { createServiceApp } from '@lawfirm/platform';
import { Partitioners, type Producer } from 'kafkajs';
import { createEnvelope, MatterOpenedV1, TOPICS } from '@lawfirm/contracts';
import { randomUUID } from 'node:crypto';
import { registerServiceApp } from './service-client';
import { testKafka } from './test-env';

/** Boots a service's Nest app in the test process (no port), so tests can `inject` requests. */
export async function bootService(
  service: string,
  buildModule: (logger: Logger) => unknown,
): Promise<NestFastifyApplication> {
  const logger = createLogger(service, process.env.TEST_LOG_LEVEL ?? 'warn');
  const app = await createServiceApp({ service, module: buildModule(logger), logger, port: 0 });
  await app.init();
  await app.startAllMicroservices();
  await app.getHttpAdapter().getInstance().ready();
  registerServiceApp(app, service);
  return app;
}

/** A producer for publishing events as another service would (tests only). */
export async function testProducer(): Promise<Producer> {
  const producer = testKafka().producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

/**
 * Publishes a matter lifecycle event as intake would, so a service's matter projection learns of
 * the matter. Returns the matter id.
 */
export async function publishMatter(
  producer: Producer,
  firmId: string,
  options: {
    type?: string;
    matterId?: string;
    clientId?: string;
    status?: 'pending' | 'open' | 'closed';
    changedAt?: Date;
  } = {},
): Promise<string> {
  const matterId = options.matterId ?? randomUUID();
  const envelope = createEnvelope({
    type: options.type ?? MatterOpenedV1.type,
    firmId,
    aggregateId: matterId,
    actor: { type: 'service', id: 'intake' },
    correlationId: randomUUID(),
    data: {
      matterId,
      clientId: options.clientId ?? randomUUID(),
      number: '2026-0001',
      title: 'Test matter',
      status: options.status ?? 'open',
      changedAt: (options.changedAt ?? new Date()).toISOString(),
    },
  });
  await producer.send({
    topic: TOPICS.intakeMatter.name,
    messages: [{ key: matterId, value: JSON.stringify(envelope) }],
  });
  return matterId;
}
