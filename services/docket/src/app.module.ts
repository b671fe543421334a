import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { DocketConfig } from './config';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.module';
import { CourtEventsModule } from './court-events/court-events.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { ENTITIES } from './database';
import { RemindersModule } from './reminders/reminders.module';
import { RulesModule } from './rules/rules.module';
import { TasksModule } from './tasks/tasks.module';
import { VendorPerformanceModule } from './vendor-performance/vendor-performance.module';
import { WorkOrdersModule } from './work-orders/work-orders.module';

/** The platform plus one module per feature; a new feature is registered here and nowhere else. */
@Module({})
export class AppModule {
  static register(config: DocketConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ service: 'docket', config, logger, entities: ENTITIES }),
        MatterProjectionModule,
        RulesModule,
        DeadlinesModule,
        RemindersModule,
        CourtEventsModule,
        CalendarFeedsModule,
        TasksModule,
        WorkOrdersModule,
        VendorPerformanceModule,
      ],
    };
  }
}
