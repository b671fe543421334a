import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import { CodesModule } from './codes/codes.module';
import type { TimekeepingConfig } from './config';
import { ENTITIES } from './database';
import { ExpensesModule } from './expenses/expenses.module';
import { GuidelinesModule } from './guidelines/guidelines.module';
import { ImportModule } from './import/import.module';
import { MattersModule } from './matters/matters.module';
import { TimeEntriesModule } from './time-entries/time-entries.module';
import { TimekeepersModule } from './timekeepers/timekeepers.module';
import { TimersModule } from './timers/timers.module';

@Module({})
export class AppModule {
  static register(config: TimekeepingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ service: 'timekeeping', config, logger, entities: ENTITIES }),
        MattersModule,
        CodesModule,
        TimekeepersModule,
        GuidelinesModule,
        TimeEntriesModule,
        TimersModule,
        ExpensesModule,
        ImportModule,
      ],
    };
  }
}
