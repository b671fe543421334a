import { Module } from '@nestjs/common';
import { RuleSetController } from './rule-set.controller';
import { RuleSetRepository } from './rule-set.repository';
import { RuleSetService } from './rule-set.service';

/** Court rule sets and holiday calendars as versioned data, and the deadline calculator over them. */
@Module({
  controllers: [RuleSetController],
  providers: [RuleSetRepository, RuleSetService],
  exports: [RuleSetService],
})
export class RulesModule {}
