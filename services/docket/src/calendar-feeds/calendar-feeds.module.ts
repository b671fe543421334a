import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { CourtEventsModule } from '../court-events/court-events.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { CalendarFeedService } from './calendar-feed.service';

/** Per-user and per-matter iCalendar feeds on secret, rotatable, revocable URLs. */
@Module({
  imports: [MatterProjectionModule, DeadlinesModule, CourtEventsModule],
  controllers: [CalendarFeedController],
  providers: [CalendarFeedRepository, CalendarFeedService],
  exports: [CalendarFeedService],
})
export class CalendarFeedsModule {}
