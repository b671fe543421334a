import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionConsumer } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { DocketConfig } from './config';
import { ENTITIES } from './database';

/** Skeleton: database, migrations, health and the matter projection, ready for the docket issue. */
@Module({})
export class AppModule {
  static register(config: DocketConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ service: 'docket', config, logger, entities: ENTITIES })],
      controllers: [MatterProjectionConsumer],
    };
  }
}
