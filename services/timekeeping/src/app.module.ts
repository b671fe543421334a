import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionConsumer } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { TimekeepingConfig } from './config';
import { ENTITIES } from './database';
import { ExpenseInvoiceConsumer } from './expenses/expense-invoice.consumer';
import { ExpenseController } from './expenses/expense.controller';
import { ExpenseRepository } from './expenses/expense.repository';
import { ExpenseService } from './expenses/expense.service';
import { UtbmsCodeController } from './codes/utbms.controller';
import { EntryCheckController } from './guidelines/entry-check.controller';
import { EntryCheckService } from './guidelines/entry-check.service';
import { GuidelineController } from './guidelines/guideline.controller';
import { GuidelineRepository } from './guidelines/guideline.repository';
import { GuidelineService } from './guidelines/guideline.service';
import { TimeEntryImportController } from './import/time-entry-import.controller';
import { TimeEntryImportRepository } from './import/time-entry-import.repository';
import { TimeEntryImportService } from './import/time-entry-import.service';
import { InvoiceConsumer } from './time-entries/invoice.consumer';
import { ClassificationController } from './timekeepers/classification.controller';
import { ClassificationRepository } from './timekeepers/classification.repository';
import { ClassificationService } from './timekeepers/classification.service';
import { TimekeeperController } from './timekeepers/timekeeper.controller';
import { TimekeeperRepository } from './timekeepers/timekeeper.repository';
import { TimekeeperService } from './timekeepers/timekeeper.service';
import { CLOCK, systemClock } from './timers/clock';
import { TimerController } from './timers/timer.controller';
import { TimerRepository } from './timers/timer.repository';
import { TimerService } from './timers/timer.service';
import { TimeEntryController } from './time-entries/time-entry.controller';
import { TimeEntryRepository } from './time-entries/time-entry.repository';
import { TimeEntryService } from './time-entries/time-entry.service';

@Module({})
export class AppModule {
  static register(config: TimekeepingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ service: 'timekeeping', config, logger, entities: ENTITIES })],
      // EntryCheckController (POST v1/time-entries/validate) goes before TimeEntryController's `:id` routes.
      controllers: [EntryCheckController, TimeEntryController, GuidelineController, UtbmsCodeController, ExpenseController, TimekeeperController, ClassificationController, TimerController, TimeEntryImportController,
        MatterProjectionConsumer, InvoiceConsumer, ExpenseInvoiceConsumer],
      providers: [TimeEntryRepository, TimeEntryService, GuidelineRepository, GuidelineService, EntryCheckService, TimekeeperService, ExpenseRepository, ExpenseService,
        TimekeeperRepository, ClassificationRepository, ClassificationService, TimerRepository, TimerService, { provide: CLOCK, useValue: systemClock },
        TimeEntryImportRepository, TimeEntryImportService],
    };
  }
}
