import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionConsumer } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { TimekeepingConfig } from './config';
import { ENTITIES } from './database';
import { GuidelineService } from './guidelines/guideline.service';
import { InvoiceConsumer } from './time-entries/invoice.consumer';
import { TimekeeperService } from './timekeepers/timekeeper.service';
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
      providers: [TimeEntryRepository, TimeEntryService, GuidelineService, TimekeeperService, MatterProjectionConsumer, InvoiceConsumer],
    };
  }
}
