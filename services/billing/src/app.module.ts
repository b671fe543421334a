import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionConsumer } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { BillingConfig } from './config';
import { ENTITIES } from './database';
import { WipConsumer } from './wip/wip.consumer';
import { WipController } from './wip/wip.controller';
import { WipRepository } from './wip/wip.repository';
import { WipService } from './wip/wip.service';

@Module({})
export class AppModule {
  static register(config: BillingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ service: 'billing', config, logger, entities: ENTITIES })],
      controllers: [WipController, WipConsumer, MatterProjectionConsumer],
      providers: [WipRepository, WipService],
    };
  }
}
