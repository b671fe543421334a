import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { RemindersModule } from '../reminders/reminders.module';
import { CourtEventController } from './court-event.controller';
import { CourtEventRepository } from './court-event.repository';
import { CourtEventService } from './court-event.service';

/** Hearings, depositions, trials, conferences and mediations on matters, with their history and reminders. */
@Module({
  imports: [RemindersModule, MatterProjectionModule],
  controllers: [CourtEventController],
  providers: [CourtEventRepository, CourtEventService],
  exports: [CourtEventService],
})
export class CourtEventsModule {}
