import { Module } from '@nestjs/common';
import { ConsentService } from './consent.service';

/** The clients' outsourcing consents, projected from intake's consent events (fed by work-orders' ConsentConsumer). */
@Module({
  providers: [ConsentService],
  exports: [ConsentService],
})
export class ConsentsModule {}
