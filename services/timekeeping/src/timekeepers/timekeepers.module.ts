import { Module } from '@nestjs/common';
import { ClassificationController } from './classification.controller';
import { ClassificationRepository } from './classification.repository';
import { ClassificationService } from './classification.service';
import { TimekeeperController } from './timekeeper.controller';
import { TimekeeperRepository } from './timekeeper.repository';
import { TimekeeperService } from './timekeeper.service';

@Module({
  controllers: [TimekeeperController, ClassificationController],
  providers: [TimekeeperRepository, TimekeeperService, ClassificationRepository, ClassificationService],
  exports: [TimekeeperService],
})
export class TimekeepersModule {}
