import { Module } from '@nestjs/common';
import { ConsentConsumer } from './consent.consumer';
import { ConsentService } from './consent.service';

/** The clients' outsourcing consents, projected from intake's consent events. */
@Module({
  controllers: [ConsentConsumer],
  providers: [ConsentService],
  exports: [ConsentService],
})
export class ConsentsModule {}
