import { Module } from '@nestjs/common';
import { GuidelineController } from './guideline.controller';
import { GuidelineRepository } from './guideline.repository';
import { GuidelineService } from './guideline.service';

@Module({
  controllers: [GuidelineController],
  providers: [GuidelineRepository, GuidelineService],
  exports: [GuidelineService],
})
export class GuidelinesModule {}
