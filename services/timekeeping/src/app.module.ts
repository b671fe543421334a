import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionConsumer } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { TimekeepingConfig } from './config';
import { ENTITIES } from './database';
import { TimeEntryController } from './time-entries/time-entry.controller';
import { TimeEntryRepository } from './time-entries/time-entry.repository';
import { TimeEntryService } from './time-entries/time-entry.service';

@Module({})
export class AppModule {
  static register(config: TimekeepingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ service: 'timekeeping', config, logger, entities: ENTITIES })],
      controllers: [TimeEntryController],
      providers: [TimeEntryRepository, TimeEntryService, MatterProjectionConsumer],
    };
  }
}
