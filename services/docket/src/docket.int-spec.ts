/** The docket skeleton against real PostgreSQL and the broker: its matter projection follows intake's matter events. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MatterClosedV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  newFirmId,
  publishMatter,
  serviceTestEnv,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { DocketConfig } from './config';

describe('Docket service', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(DocketConfig, serviceTestEnv('docket'));
    app = await bootService('docket', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  function statusOf(firmId: string, matterId: string): Promise<string | undefined> {
    return withTenant(
      app.get(DataSource),
      firmId,
      async (manager) => (await app.get(MatterProjectionService).find(manager, matterId))?.status,
    );
  }

  it("keeps its firm's matters as intake reports them, and never another firm's", async () => {
    const firmId = newFirmId();
    const matterId = await publishMatter(producer, firmId);
    await eventually(async () => ((await statusOf(firmId, matterId)) === 'open' ? true : undefined));

    await publishMatter(producer, firmId, { matterId, type: MatterClosedV1.type, status: 'closed' });
    await eventually(async () => ((await statusOf(firmId, matterId)) === 'closed' ? true : undefined));
    expect(await statusOf(newFirmId(), matterId)).toBeUndefined();
  });
});
