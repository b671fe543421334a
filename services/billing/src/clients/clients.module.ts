import { Module } from '@nestjs/common';
import { ClientsConsumer } from './clients.consumer';
import { ClientsService } from './clients.service';

/** Billing's projection of intake's clients (`intake.client.v1`). */
@Module({
  controllers: [ClientsConsumer],
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
