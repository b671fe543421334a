import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionConsumer } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { DocumentConfig } from './config';
import { ENTITIES } from './database';

/** Skeleton: database, migrations, health and the matter projection, ready for the document issue. */
@Module({})
export class AppModule {
  static register(config: DocumentConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ service: 'document', config, logger, entities: ENTITIES })],
      controllers: [MatterProjectionConsumer],
    };
  }
}
