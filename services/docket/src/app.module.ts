import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { DocketConfig } from './config';
import { ENTITIES } from './database';

/**
 * Skeleton, ready for the docket issue: the platform plus one module per feature (so far only the
 * matter projection); a new feature is registered here and nowhere else.
 */
@Module({})
export class AppModule {
  static register(config: DocketConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ service: 'docket', config, logger, entities: ENTITIES }),
        MatterProjectionModule,
      ],
    };
  }
}
