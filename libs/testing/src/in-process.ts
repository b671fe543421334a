import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Logger } from '@lawfirm/observability';
import { createServiceApp } from '@lawfirm/platform';
import { Partitioners, type Producer } from 'kafkajs';
import { testKafka } from './test-env';

/** Boots a service's Nest app in the test process (no port), so tests can `inject` requests. */
export async function bootService(service: string, buildModule: (logger: Logger) => unknown): Promise<NestFastifyApplication> {
  const logger = createLogger(service, process.env.TEST_LOG_LEVEL ?? 'warn');
  const app = await createServiceApp({ service, module: buildModule(logger), logger, port: 0 });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** A producer for publishing events as another service would (tests only). */
export async function testProducer(): Promise<Producer> {
  const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}
