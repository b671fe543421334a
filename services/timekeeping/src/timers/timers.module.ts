import { Module } from '@nestjs/common';
import { MattersModule } from '../matters/matters.module';
import { TimeEntriesModule } from '../time-entries/time-entries.module';
import { TimekeepersModule } from '../timekeepers/timekeepers.module';
import { CLOCK, systemClock } from './clock';
import { TimerController } from './timer.controller';
import { TimerRepository } from './timer.repository';
import { TimerService } from './timer.service';

@Module({
  imports: [MattersModule, TimekeepersModule, TimeEntriesModule],
  controllers: [TimerController],
  providers: [TimerRepository, TimerService, { provide: CLOCK, useValue: systemClock }],
  exports: [TimerService],
})
export class TimersModule {}
