/**
 * Integration tests: real PostgreSQL and a real Apache Kafka broker, chosen in the house order
 * (explicit settings → containers → local cluster and a fresh local Kafka broker), migrated once. Each test
 * creates its own firms, so files share the databases safely and run in parallel.
 */
import 'reflect-metadata';
import { SERVICES } from '@lawfirm/contracts';
import {
  ensureAuditChainKey,
  ensureLocalKeys,
  LOCAL_DIR,
  migrateAll,
  startInfra,
  type Infra,
} from '@lawfirm/dev-stack';
import { join } from 'node:path';

declare global {
  var __LAWFIRM_INFRA__: Infra | undefined;
}

export default async function globalSetup(): Promise<void> {
  // TEST_PG_PORT lets two checkouts (or two people) run the suite at once: each port gets its own cluster.
  const pgPort = Number(process.env.TEST_PG_PORT ?? 55442);
  const infra = await startInfra({
    pgPort,
    kafkaPort: 0,
    name: process.env.TEST_PG_PORT ? `test-${pgPort}` : 'test',
    quiet: true,
    allowContainers: true,
  });
  await migrateAll(infra.pg, () => undefined);
  const keys = await ensureLocalKeys(join(LOCAL_DIR, 'keys.json'));
  const databases = Object.fromEntries(
    SERVICES.map((service) => [
      service,
      {
        app: infra.pg.appUrl(service),
        owner: infra.pg.ownerUrl(service),
        appRole: infra.pg.appRole(service),
      },
    ]),
  );
  process.env.TEST_DATABASES = JSON.stringify(databases);
  process.env.TEST_PG_SUPERUSER_URL = infra.pg.superuserUrl;
  process.env.TEST_KAFKA_BROKERS = infra.brokers;
  process.env.TEST_KEYS = JSON.stringify({
    ...keys,
    auditChainKey: ensureAuditChainKey(join(LOCAL_DIR, 'audit-chain.key')),
  });
  globalThis.__LAWFIRM_INFRA__ = infra;
}
