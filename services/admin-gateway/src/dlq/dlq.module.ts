import { Module } from '@nestjs/common';
import { DeadLetterReader } from './dead-letter.reader';
import { DlqController } from './dlq.controller';
import { DlqRepository } from './dlq.repository';
import { DlqService } from './dlq.service';

/** Dead-letter queues: list parked letters and replay them after a fix. */
@Module({
  controllers: [DlqController],
  providers: [DeadLetterReader, DlqRepository, DlqService],
  exports: [DlqService],
})
export class DlqModule {}
