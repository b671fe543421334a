import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { RemindersModule } from '../reminders/reminders.module';
import { RulesModule } from '../rules/rules.module';
import { DeadlineController } from './deadline.controller';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineService } from './deadline.service';

/** Triggers on matters, the deadlines computed from them, and recalculation as a diff. */
@Module({
  imports: [RulesModule, MatterProjectionModule, RemindersModule],
  controllers: [DeadlineController],
  providers: [DeadlineRepository, DeadlineService],
  exports: [DeadlineService],
})
export class DeadlinesModule {}
