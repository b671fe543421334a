import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import type { DocketConfig } from '../config';
import { ReminderController } from './reminder.controller';
import { ReminderRepository } from './reminder.repository';
import { ReminderService, ReminderSweeper } from './reminder.service';

@Injectable()
class ReminderSweepLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sweeper: ReminderSweeper,
    @Inject(SERVICE_CONFIG) private readonly config: DocketConfig,
  ) {}
  onApplicationBootstrap(): void {
    this.sweeper.start(this.config.REMINDER_SWEEP_INTERVAL_MS);
  }
  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }
}

/** Reminder rules, the steps planned for deadlines and court events, and the sweep that sends them. */
@Module({
  controllers: [ReminderController],
  providers: [ReminderRepository, ReminderService, ReminderSweeper, ReminderSweepLifecycle],
  exports: [ReminderService],
})
export class RemindersModule {}
